import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { QueryTypes, type Sequelize } from 'sequelize';
import { keyringOf } from '../../db/encrypted';
import { appendInTransaction, newAuditEvent, validateAuditEvent } from '../../lib/audit';
import { cancelBookingUpdate } from '../bookings/booking-saga';
import { repointKeptRecords } from './erasure-placeholder';
import type { SessionStore } from '../sessions/session-store';

/**
 * SEC-PRIV-02 / SEC-DATA-04: the steps of an account's erasure, in the order the workflow runs
 * them. Each is idempotent (it changes only what is still there), so a retry after a worker died
 * mid-step, or a second run of a step already done, goes on where the first stopped.
 */
export interface ErasureStepDeps {
  /** The app role with its keyring attached (the user's key is shredded through it). */
  sequelize: Sequelize;
  /** Where live sessions are (Redis): they end at once, not at their expiry. */
  sessions: Pick<SessionStore, 'end'>;
  /** A platform client (payload codec): pending bookings are cancelled through their sagas. */
  temporal: Pick<Client, 'workflow'>;
}

/** Statuses of a booking still in its saga; CONFIRMED ones stay (the financial record). */
const IN_SAGA = ['PENDING', 'HELD', 'AWAITING_PAYMENT'];

/**
 * Sessions end; refresh-token families, account tokens, devices, password, MFA and stored
 * idempotent answers are deleted.
 */
export async function endSessionsAndTokens(deps: ErasureStepDeps, userId: string): Promise<number> {
  const ended = await deps.sessions.end(userId);
  await deps.sequelize.transaction(async (transaction) => {
    const remove = (statement: string) => deps.sequelize.query(statement, { bind: [userId], transaction });
    await remove('DELETE FROM refresh_tokens WHERE user_id = $1');
    await remove('DELETE FROM account_tokens WHERE user_id = $1');
    await remove('DELETE FROM known_devices WHERE user_id = $1');
    await remove('DELETE FROM mfa_recovery_codes WHERE user_id = $1');
    await remove('DELETE FROM user_mfa WHERE user_id = $1');
    await remove('DELETE FROM user_credentials WHERE user_id = $1');
    // Stored answers to the account's requests (24 h at most): gone now, not at their expiry.
    await remove('DELETE FROM idempotency_records WHERE user_id = $1');
  });
  return ended.length;
}

/**
 * Bookings still in their saga are cancelled by it (the customer's own request: the saga's
 * compensations release what was held). One the saga refuses or no longer runs is left as the
 * saga leaves it: the next steps anonymise it like any other.
 */
export async function cancelPendingBookings(deps: ErasureStepDeps, userId: string): Promise<number> {
  const pending = await deps.sequelize.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM bookings WHERE user_id = $1 AND status = ANY($2::text[]) ORDER BY created_at',
    { bind: [userId, IN_SAGA], type: QueryTypes.SELECT },
  );
  let cancelled = 0;
  for (const { workflow_id: workflowId } of pending) {
    try {
      const handle = deps.temporal.workflow.getHandle(workflowId);
      const result = await handle.executeUpdate(cancelBookingUpdate, {
        args: [{ reason: 'customer_request' }],
      });
      if (result.status === 'CANCELLED') cancelled += 1;
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return cancelled;
}

/**
 * Bookings keep amounts, currency, dates, status and trip details; their passengers and notes go.
 * Reviews keep their text; the name shown with them is read from the profile, cleared here (and
 * unreadable anyway once the key is shredded): listings show "Guest". Then every kept record is
 * re-pointed from the account to a placeholder of its own (erasure-placeholder.ts).
 */
export async function anonymiseBookingsAndReviews(deps: ErasureStepDeps, userId: string): Promise<number> {
  return deps.sequelize.transaction(async (transaction) => {
    const bind = [userId];
    const [, passengers] = await deps.sequelize.query('DELETE FROM booking_passengers WHERE user_id = $1', {
      bind,
      transaction,
    });
    await deps.sequelize.query(
      'UPDATE bookings SET notes_encrypted = NULL WHERE user_id = $1 AND notes_encrypted IS NOT NULL',
      { bind, transaction },
    );
    await deps.sequelize.query(
      `UPDATE customer_profiles SET full_name_encrypted = NULL, phone_encrypted = NULL,
         email_encrypted = NULL, email_bidx = NULL, date_of_birth_encrypted = NULL
       WHERE user_id = $1`,
      { bind, transaction },
    );
    await repointKeptRecords(deps, transaction, userId);
    return rowCount(passengers);
  });
}

/** SEC-DATA-04 crypto-shredding: the user's wrapped data key is destroyed. */
export async function shredUserKey(deps: ErasureStepDeps, userId: string): Promise<void> {
  await keyringOf(deps.sequelize).shredUserKey(userId);
}

/**
 * The account row loses its email (ciphertext and blind index) and gets its pseudonym
 * `DELETED_USER_<n>`; audited once as `account.erased`. Audit rows are never rewritten: they keep
 * the account's id, which now names nobody.
 */
export async function anonymiseUserRow(deps: ErasureStepDeps, userId: string): Promise<string> {
  return deps.sequelize.transaction(async (transaction) => {
    const [user] = await deps.sequelize.query<{ pseudonym: string | null; erased_at: Date | null }>(
      'SELECT pseudonym, erased_at FROM users WHERE id = $1 FOR UPDATE',
      { bind: [userId], type: QueryTypes.SELECT, transaction },
    );
    if (!user) throw new Error('erasure: the account does not exist');
    if (user.erased_at && user.pseudonym) return user.pseudonym;
    const [row] = await deps.sequelize.query<{ pseudonym: string }>(
      `UPDATE users SET email_encrypted = NULL, email_bidx = NULL, email_verified_at = NULL,
         pseudonym = 'DELETED_USER_' || nextval('deleted_user_number'), erased_at = now(), updated_at = now()
       WHERE id = $1 RETURNING pseudonym`,
      { bind: [userId], type: QueryTypes.SELECT, transaction },
    );
    const pseudonym = row!.pseudonym;
    await appendInTransaction(
      deps.sequelize,
      transaction,
      validateAuditEvent(
        newAuditEvent({
          type: 'account.erased',
          outcome: 'success',
          actor: { type: 'system', id: 'account-erasure' },
          originIp: null,
          resource: { type: 'user', id: userId },
          details: { pseudonym },
        }),
      ),
    );
    return pseudonym;
  });
}

function rowCount(result: unknown): number {
  if (typeof result === 'number') return result;
  const count = (result as { rowCount?: unknown } | undefined)?.rowCount;
  return typeof count === 'number' ? count : 0;
}
