import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { AppProcess } from './app-process';

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;

async function until(what: string, proc: AppProcess, deadline: number, ready: () => Promise<boolean>) {
  for (;;) {
    if (!proc.running) throw new Error(`${proc.name} exited while starting:\n${proc.tail()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready in time:\n${proc.tail()}`);
    await sleep(250);
  }
}

/**
 * Waits until this incarnation of a worker polls its task queue: Temporal lists it among the
 * queue's pollers under the SDK's default identity `<pid>@<host>`, so an earlier, killed
 * incarnation still listed there does not count.
 */
export async function waitForPoller(
  client: Client,
  proc: AppProcess,
  taskQueue: string,
  kind: 'workflow' | 'activity',
  deadline: number,
): Promise<void> {
  const identity = `${proc.pid}@${hostname()}`;
  await until(`${proc.name} worker on ${taskQueue}`, proc, deadline, async () => {
    const answer = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType:
        kind === 'workflow' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    return (answer.pollers ?? []).some((p) => p.identity === identity);
  });
}

/** Waits until the API answers its liveness route. */
export async function waitForApi(baseUrl: string, proc: AppProcess, deadline: number): Promise<void> {
  await until('API', proc, deadline, async () => {
    const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return res.ok;
  });
}
