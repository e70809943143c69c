import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import type { Model, ModelStatic } from 'sequelize';
import { reencryptRowsUsingKey, rowsUsingKeyWhere } from '../../db/encrypted';
import type { DataClass } from '../../lib/crypto';

export interface ReencryptInput {
  dataClass: DataClass;
  /** The old key version whose rows are written again under the newest one. */
  version: number;
  batchSize: number;
  /** Batches in this call at most; what is left waits for the next call. */
  maxBatches: number;
  /** Index (in the encrypted-model registry) of the model to start with: the previous call's cursor. */
  fromModel: number;
}

/** Progress of one call, heartbeated after every batch: what a retry after a worker kill resumes from. */
export interface ReencryptProgress {
  rows: number;
  batches: number;
  /** The model the next batch works on; models before it are finished. */
  model: number;
}

export interface ReencryptResult extends ReencryptProgress {
  /** True when the call stopped at maxBatches with models left. */
  more: boolean;
}

/**
 * Inside an activity: re-encrypts the rows of `models` still under (`dataClass`, `version`),
 * one model after the other, `batchSize` rows per transaction (reencryptRowsUsingKey), and
 * heartbeats the progress after each batch. A retry resumes at the heartbeated model; rows
 * already re-encrypted no longer match, so no finished batch is done twice.
 */
export async function reencryptInBatches(
  models: ModelStatic<Model>[],
  input: ReencryptInput,
): Promise<ReencryptResult> {
  const signal = cancellationSignal();
  const resumed = activityInfo().heartbeatDetails as ReencryptProgress | undefined;
  let { rows, batches, model } = resumed ?? { rows: 0, batches: 0, model: input.fromModel };
  let run = 0;
  while (model < models.length) {
    const current = models[model]!;
    if (!rowsUsingKeyWhere(current, input.dataClass, input.version)) {
      model += 1; // no column of this model uses the class: nothing to do
      continue;
    }
    if (run >= input.maxBatches) return { rows, batches, model, more: true };
    signal.throwIfAborted();
    const done = await reencryptRowsUsingKey(current, input.dataClass, input.version, input.batchSize);
    run += 1;
    rows += done;
    batches += 1;
    // A short batch: this model has nothing left (rows locked by a writer are caught by the check).
    if (done < input.batchSize) model += 1;
    heartbeat({ rows, batches, model } satisfies ReencryptProgress);
  }
  return { rows, batches, model, more: false };
}
