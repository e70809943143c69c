import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';

/** What a batched purge did in one activity run. */
export interface BatchedPurgeResult {
  purged: number;
  batches: number;
  /** True when the run stopped at maxBatches with purgeable rows possibly left. */
  more: boolean;
}

export interface BatchedPurgeLimits {
  /** Rows deleted per statement: short statements and short row locks. */
  batchSize: number;
  /** Batches per run at most; what is left waits for the next run. */
  maxBatches: number;
}

/**
 * Inside an activity: runs `purgeBatch` (deletes at most `batchSize` rows, answers how many)
 * until a batch comes back short, heartbeating the running total after each batch, so a
 * cancellation is seen between batches and a retry resumes the total from the last heartbeat.
 */
export async function purgeInBatches(
  purgeBatch: (batchSize: number) => Promise<number>,
  { batchSize, maxBatches }: BatchedPurgeLimits,
): Promise<BatchedPurgeResult> {
  const signal = cancellationSignal();
  const resumed = activityInfo().heartbeatDetails as Partial<BatchedPurgeResult> | undefined;
  let purged = resumed?.purged ?? 0;
  let batches = resumed?.batches ?? 0;
  for (let run = 0; run < maxBatches; run += 1) {
    signal.throwIfAborted();
    const deleted = await purgeBatch(batchSize);
    purged += deleted;
    batches += 1;
    heartbeat({ purged, batches });
    if (deleted < batchSize) return { purged, batches, more: false };
  }
  return { purged, batches, more: true };
}
