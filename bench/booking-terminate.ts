import type { BenchStack } from './booking-stack';

/** Ends whatever still runs on the bench's queues (accepted bookings still in their saga, stuck ones). */
export async function terminateOpen(stack: BenchStack): Promise<number> {
  const queues = [stack.queues.bookings, stack.baselineQueues.bookings].map((q) => `'${q}'`).join(', ');
  const ids: string[] = [];
  for await (const w of stack.client.workflow.list({
    query: `TaskQueue IN (${queues}) AND ExecutionStatus = 'Running'`,
  })) {
    ids.push(w.workflowId);
  }
  await Promise.all(
    ids.map((id) =>
      stack.client.workflow
        .getHandle(id)
        .terminate('bench over')
        .catch(() => undefined),
    ),
  );
  return ids.length;
}
