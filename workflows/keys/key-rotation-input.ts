import { ApplicationFailure } from '@temporalio/workflow';
import type { DataClass } from '../../lib/crypto/data-class';
import type { KeyRotationConfig } from '../../lib/config/key-rotation';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/** Where a rotation stands; carried over when a run continues as new. */
export interface KeyRotationState {
  fromVersion: number;
  toVersion: number;
  /** Old versions still to re-encrypt and retire, oldest first; the first is in progress. */
  retiring: number[];
  retired: number[];
  /** Re-encrypted but left `retiring` (input `retire` false). */
  leftRetiring: number[];
  /** Workflow time of the rotation and the keyring's grace after it. */
  rotatedAtMs: number;
  graceMs: number;
  /** Registry index of the model the next batch works on. */
  fromModel: number;
  /** Retirements refused in a row (rows locked or written late under the old version). */
  refusals: number;
  rows: number;
  batches: number;
  runs: number;
}

/** What tools/keys starts (the batch sizes from lib/config `keyRotation`). */
export interface KeyRotationInput extends KeyRotationConfig {
  taskQueues: Pick<TaskQueues, 'maintenance'>;
  dataClass: DataClass;
  /** False: no new version; re-encrypt and retire the versions an earlier rotation left `retiring`. */
  rotate: boolean;
  /**
   * Retire each old version once no row uses it. tools/keys passes false when rotating `pii`:
   * Temporal histories are sealed under it too, which no row check sees (docs/keys.md).
   */
  retire: boolean;
  /** Only set by the workflow itself when it continues as new. */
  state?: KeyRotationState;
}

export interface KeyRotationSummary {
  dataClass: DataClass;
  fromVersion: number;
  toVersion: number;
  retired: number[];
  leftRetiring: number[];
  rows: number;
  batches: number;
  /** Workflow runs (1 + continues-as-new). */
  runs: number;
}

function invalid(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'InvalidWorkflowInput');
}

/** The data class and batch limits from the input; malformed ones fail the run at once. */
export function rotationInput(input: KeyRotationInput): { dataClass: DataClass; limits: KeyRotationConfig } {
  const dataClass: unknown = input?.dataClass;
  // Its shape only: workflow code imports no values from below, and the first activity refuses
  // a class the keyring does not know (activities/keys: dataClassOf), failing the run.
  if (typeof dataClass !== 'string' || !/^[a-z_]{1,32}$/.test(dataClass))
    invalid(`unknown data class ${String(dataClass)}`);
  const limits = {
    batchSize: input.batchSize,
    batchesPerActivity: input.batchesPerActivity,
    activitiesPerRun: input.activitiesPerRun,
  };
  if (typeof input.rotate !== 'boolean' || typeof input.retire !== 'boolean') {
    invalid('input.rotate and input.retire must be booleans');
  }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) invalid(`input.${name} must be a positive integer`);
  }
  return { dataClass: dataClass as DataClass, limits };
}
