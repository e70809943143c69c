import { condition, proxyActivities } from '@temporalio/workflow';

/** The worker pools a booking saga sends activities to, and so the baseline too. */
export type ActivityPool = 'bookings' | 'suppliers' | 'payments' | 'notify';

export interface NoopSagaInput {
  /** One entry per activity, in order: the pools of the booking saga's happy path. */
  steps: ActivityPool[];
  queues: Record<ActivityPool, string>;
  /** The booking's cancellation window after CONFIRMED (the bench sets it to 0: one 1 ms timer). */
  finalWaitMs: number;
}

export interface NoopActivities {
  noop(): Promise<void>;
}

/**
 * The baseline of bench/booking: as many activities as the booking saga runs on its happy path,
 * each on the same pool's (bench) queue, one after the other, with the same timeouts and retry
 * policy as workflows/bookings/activity-proxies.ts, and the same closing timer; every activity does
 * nothing. What the booking takes beyond this is the cost of its activities' real work.
 */
export async function noopSagaWorkflow(input: NoopSagaInput): Promise<number> {
  const proxy = (taskQueue: string) =>
    proxyActivities<NoopActivities>({
      taskQueue,
      startToCloseTimeout: '30 seconds',
      scheduleToCloseTimeout: '5 minutes',
      retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
    });
  const proxies: Record<ActivityPool, NoopActivities> = {
    bookings: proxy(input.queues.bookings),
    suppliers: proxy(input.queues.suppliers),
    payments: proxy(input.queues.payments),
    notify: proxy(input.queues.notify),
  };
  for (const pool of input.steps) await proxies[pool].noop();
  await condition(() => false, input.finalWaitMs);
  return input.steps.length;
}
