import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { errors } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import type { TaskQueues } from '../../lib/temporal/task-queues';
import { audit } from '../accounts/account-audit';
import { assertSignedIn } from '../accounts/actor';
import type { AccountsDeps, Origin } from '../accounts/deps';
import type { MfaProof } from '../accounts/mfa-check';
import { assertStepUp } from '../accounts/step-up';
import { limitedSecretCheck } from '../accounts/step-up-limits';
import { cancelErasureUpdate, erasureWorkflowId, type AccountErasureInput } from './erasure-contract';

/** What asking for and cancelling an erasure need (api/routes/privacy/erasure-routes.ts wires it). */
export interface ErasureDeps {
  accounts: AccountsDeps;
  temporal: Pick<Client, 'workflow'>;
  queues: Pick<TaskQueues, 'maintenance'>;
  /** The grace before anything is erased: config, the soft-deleted-account retention (30 days). */
  graceSeconds: number;
}

export interface ErasureScheduled {
  status: 'deletion_scheduled';
  eraseAfter: string;
}

const notPending = () =>
  errors.conflict('ERASURE_NOT_PENDING', 'No deletion of this account is waiting to be cancelled');

/**
 * `DELETE /api/v1/users/me` (SEC-PRIV-02): the caller's own account only — there is no way to
 * name another. The current password (within the step-up failure limits, SEC-AUTH-04) and a fresh
 * MFA code (SEC-AUTH-06, purpose `account_deletion`) are required; then the account is marked and
 * its erasure workflow started (one per account: asking again while it waits changes nothing).
 */
export async function requestErasure(
  deps: ErasureDeps,
  actor: Actor,
  input: { password: string } & MfaProof,
  origin: Origin,
): Promise<ErasureScheduled> {
  assertSignedIn(actor);
  const accounts = deps.accounts;
  const verdict = await limitedSecretCheck(
    accounts,
    actor,
    { purpose: 'account_deletion', method: 'password' },
    origin,
    async () => {
      const credential = await accounts.models.UserCredential.findByPk(actor.id);
      const ok = credential && (await accounts.hasher.verify(credential.password_hash, input.password));
      return ok ? 'passed' : 'failed';
    },
  );
  if (verdict !== 'passed') throw errors.invalidCredentials();
  await assertStepUp(
    accounts,
    actor,
    { mfaCode: input.mfaCode, recoveryCode: input.recoveryCode },
    'account_deletion',
    origin,
  );

  const requestedAt = accounts.now();
  await accounts.sequelize.query(
    'UPDATE users SET deletion_requested_at = $2 WHERE id = $1 AND deletion_requested_at IS NULL AND erased_at IS NULL',
    { bind: [actor.id, requestedAt] },
  );
  const workflowInput: AccountErasureInput = {
    userId: actor.id,
    graceSeconds: deps.graceSeconds,
    taskQueues: { maintenance: deps.queues.maintenance },
  };
  try {
    await deps.temporal.workflow.start('accountErasureWorkflow', {
      workflowId: erasureWorkflowId(actor.id),
      taskQueue: deps.queues.maintenance,
      args: [workflowInput],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await audit(
    accounts,
    {
      type: 'account.deletion_requested',
      outcome: 'success',
      actor,
      resource: { type: 'user', id: actor.id },
      details: { graceSeconds: deps.graceSeconds },
    },
    origin,
  );
  return {
    status: 'deletion_scheduled',
    eraseAfter: new Date(requestedAt.getTime() + deps.graceSeconds * 1000).toISOString(),
  };
}

/**
 * `POST /api/v1/users/me/deletion/cancel`: the owner, signed in again, keeps their account. The
 * workflow's Update has the last word: once the grace is over and erasure has begun, 409.
 */
export async function cancelErasure(
  deps: ErasureDeps,
  actor: Actor,
  origin: Origin,
): Promise<{ status: 'cancelled' }> {
  assertSignedIn(actor);
  const event = {
    type: 'account.deletion_cancelled',
    actor,
    resource: { type: 'user', id: actor.id },
  } as const;
  try {
    await deps.temporal.workflow.getHandle(erasureWorkflowId(actor.id)).executeUpdate(cancelErasureUpdate);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
      await audit(deps.accounts, { ...event, outcome: 'failure' }, origin);
      throw notPending();
    }
    throw err;
  }
  await deps.accounts.sequelize.query(
    'UPDATE users SET deletion_requested_at = NULL WHERE id = $1 AND erased_at IS NULL',
    { bind: [actor.id] },
  );
  await audit(deps.accounts, { ...event, outcome: 'success' }, origin);
  return { status: 'cancelled' };
}
