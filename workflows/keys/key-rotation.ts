import {
  ApplicationFailure,
  continueAsNew,
  proxyActivities,
  sleep,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { KeyRotationActivities } from '../../activities/keys/key-rotation-activities';
import { maintenanceQueue } from '../maintenance/input';
import {
  rotationInput,
  type KeyRotationInput,
  type KeyRotationState,
  type KeyRotationSummary,
} from './key-rotation-input';

/** A refused retirement (rows locked by a writer or written late) is retried after this long. */
const REFUSED_RETRY_MS = 10_000;
/** After this many refusals in a row the run fails: something keeps writing under the old key. */
const MAX_REFUSALS = 30;

const RETRY = {
  initialInterval: '10 seconds',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
} satisfies ActivityOptions['retry'];

/**
 * Rotation of one data class's key (SEC-DATA-02), on the maintenance pool; tools/keys starts it
 * (docs/keys.md). Rotate: a new version, new writes under it at once (other processes within the
 * keyring's active-version TTL). Wait out the grace after which no process writes under an old
 * version. Re-encrypt every row still under an old version in heartbeated batches, continuing as
 * new every `activitiesPerRun` calls so the history stays bounded. Retire each old version once no
 * row uses it (checked by the keyring, which audits `key.rotated` and `key.retired`). Reads
 * decrypt every version not retired, so the API serves throughout.
 */
export async function keyRotationWorkflow(input: KeyRotationInput): Promise<KeyRotationSummary> {
  const taskQueue = maintenanceQueue(input);
  const { dataClass, limits } = rotationInput(input);
  const steps = proxyActivities<KeyRotationActivities>({
    taskQueue,
    startToCloseTimeout: '1 minute',
    retry: RETRY,
  });
  const batches = proxyActivities<KeyRotationActivities>({
    taskQueue,
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '1 minute',
    retry: RETRY,
  });

  let state: KeyRotationState;
  if (input.state) {
    state = input.state;
  } else {
    const fromVersion = await steps.activeDataKeyVersion({ dataClass });
    const versions = input.rotate
      ? await steps.rotateDataKeyFrom({ dataClass, fromVersion })
      : await steps.dataKeyVersions({ dataClass });
    state = {
      fromVersion,
      ...versions,
      retired: [],
      leftRetiring: [],
      // Finishing an earlier rotation: its grace is the keyring's to check when retiring.
      rotatedAtMs: input.rotate ? Date.now() : Date.now() - versions.graceMs,
      fromModel: 0,
      refusals: 0,
      rows: 0,
      batches: 0,
      runs: 1,
    };
  }
  const graceLeft = state.rotatedAtMs + state.graceMs - Date.now();
  if (graceLeft > 0) await sleep(graceLeft);

  for (let calls = 0; state.retiring.length > 0; calls += 1) {
    if (calls >= limits.activitiesPerRun) {
      return continueAsNew<typeof keyRotationWorkflow>({
        ...input,
        state: { ...state, runs: state.runs + 1 },
      });
    }
    const version = state.retiring[0]!;
    const pass = await batches.reencryptDataClass({
      dataClass,
      version,
      batchSize: limits.batchSize,
      maxBatches: limits.batchesPerActivity,
      fromModel: state.fromModel,
    });
    state.rows += pass.rows;
    state.batches += pass.batches;
    state.fromModel = pass.more ? pass.model : 0;
    if (pass.more) continue;
    if (!input.retire) {
      state.leftRetiring.push(version);
      state.retiring.shift();
      continue;
    }
    const retire = await steps.retireDataKeyVersion({ dataClass, version });
    if (retire.retired) {
      state.retired.push(version);
      state.retiring.shift();
      state.refusals = 0;
      continue;
    }
    state.refusals += 1;
    if (state.refusals >= MAX_REFUSALS) {
      throw ApplicationFailure.nonRetryable(
        `${dataClass} key version ${version}: retirement refused ${state.refusals} times (${retire.rowsUsingKey} rows still use it)`,
        'KeyStillInUse',
      );
    }
    await sleep(retire.rowsUsingKey > 0 ? REFUSED_RETRY_MS : Math.max(state.graceMs, REFUSED_RETRY_MS));
  }
  const { fromVersion, toVersion, retired, leftRetiring, rows, runs } = state;
  return { dataClass, fromVersion, toVersion, retired, leftRetiring, rows, batches: state.batches, runs };
}
