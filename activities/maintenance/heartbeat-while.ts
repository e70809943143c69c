import { heartbeat } from '@temporalio/activity';

/**
 * Heartbeats every `everyMs` while `work` runs, for a single long call that cannot report
 * progress itself: a worker that dies mid-call is noticed after the heartbeat timeout instead
 * of the (much longer) start-to-close timeout. Call it inside an activity only.
 */
export async function heartbeatWhile<T>(work: () => Promise<T>, everyMs = 10_000): Promise<T> {
  heartbeat();
  const timer = setInterval(() => heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
