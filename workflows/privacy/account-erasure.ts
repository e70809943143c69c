import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import type * as contract from '../../services/privacy/erasure-contract';
import type {
  AccountErasureInput,
  AccountErasureResult,
  AccountErasureStage,
} from '../../services/privacy/erasure-contract';

export type { AccountErasureInput, AccountErasureResult } from '../../services/privacy/erasure-contract';

/** The owner, signed in, confirms they keep their account; refused once the steps have begun. */
export const cancelErasureUpdate: typeof contract.cancelErasureUpdate = defineUpdate('cancelErasure');
export const erasureStageQuery: typeof contract.erasureStageQuery = defineQuery('erasureStage');

/** Short, idempotent steps: a dead worker is noticed by the heartbeat timeout and the step retried. */
const STEP_OPTIONS = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions;

function checkedInput(input: AccountErasureInput): AccountErasureInput {
  const ok =
    typeof input?.userId === 'string' &&
    /^[0-9a-f-]{36}$/.test(input.userId) &&
    Number.isInteger(input.graceSeconds) &&
    input.graceSeconds > 0 &&
    typeof input.taskQueues?.maintenance === 'string';
  if (!ok) throw ApplicationFailure.nonRetryable('malformed erasure input', 'InvalidWorkflowInput');
  return input;
}

/**
 * SEC-PRIV-02 / SEC-DATA-04: waits out the grace (cancellable), then erases in order: sessions
 * and tokens, pending bookings (through their sagas), bookings' and reviews' personal parts, the
 * user's data key, the account row. Each step is an idempotent activity: after a worker kill the
 * next worker repeats at most the step that was running.
 */
export async function accountErasureWorkflow(raw: AccountErasureInput): Promise<AccountErasureResult> {
  const input = checkedInput(raw);
  let stage: AccountErasureStage = 'grace';
  let cancelRequested = false;
  setHandler(erasureStageQuery, () => stage);
  setHandler(
    cancelErasureUpdate,
    () => {
      cancelRequested = true;
      return { status: 'cancelled' as const };
    },
    {
      validator: () => {
        if (stage !== 'grace') throw new Error('ERASURE_UNDER_WAY');
      },
    },
  );
  await condition(() => cancelRequested, input.graceSeconds * 1000);
  if (cancelRequested) {
    stage = 'cancelled';
    return { status: 'cancelled' };
  }
  stage = 'erasing';
  const steps = proxyActivities<MaintenancePoolActivities>({
    taskQueue: input.taskQueues.maintenance,
    ...STEP_OPTIONS,
  });
  await steps.erasureEndSessions(input.userId);
  await steps.erasureCancelBookings(input.userId);
  await steps.erasureAnonymiseRecords(input.userId);
  await steps.erasureShredKey(input.userId);
  const pseudonym = await steps.erasureAnonymiseAccount(input.userId);
  stage = 'erased';
  return { status: 'erased', pseudonym };
}
