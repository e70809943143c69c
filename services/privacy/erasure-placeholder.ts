import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/**
 * SEC-PRIV-02: the records erasure keeps (bookings with their payments, refunds and quotes for the
 * 7-year financial rule, reviews, fraud counts, company invitations) stop pointing at the erased
 * account: each column that named it names instead a placeholder account of their own,
 * `DELETED_USER_<n>`, created for this erasure and linked to the erased account by nothing the
 * platform stores (not audited, not returned). One placeholder per erased account keeps the
 * UNIQUE (user, idempotency key) and (user, booking) constraints and the foreign keys as they are.
 * Audit rows keep the erased account's own id, which names nobody once erasure is done.
 */
// Every column of a kept record that can name a person, written out (SEC-VAL-05: constant SQL).
const STILL_NAMED = `SELECT EXISTS (
    SELECT 1 FROM bookings WHERE user_id = $1
    UNION ALL SELECT 1 FROM payments WHERE user_id = $1
    UNION ALL SELECT 1 FROM payment_declines WHERE user_id = $1
    UNION ALL SELECT 1 FROM payment_blocks WHERE user_id = $1
    UNION ALL SELECT 1 FROM refund_requests WHERE requested_by = $1
    UNION ALL SELECT 1 FROM refund_requests WHERE decided_by = $1
    UNION ALL SELECT 1 FROM cancellation_quotes WHERE requested_by = $1
    UNION ALL SELECT 1 FROM reviews WHERE user_id = $1
    UNION ALL SELECT 1 FROM reviews WHERE moderated_by = $1
    UNION ALL SELECT 1 FROM review_reports WHERE reporter_id = $1
    UNION ALL SELECT 1 FROM review_helpful_votes WHERE user_id = $1
    UNION ALL SELECT 1 FROM company_invitations WHERE invited_by = $1
    UNION ALL SELECT 1 FROM company_invitations WHERE accepted_user_id = $1
  ) AS any`;

/** A booking's workflow id names its booker (`booking-<userId>-<key>`, services/bookings/accept-rows.ts). */
const BOOKER_IN_WORKFLOW_ID = '^booking-[0-9a-f-]{36}-';

/**
 * The ids of `userId`'s bookings whose saga no longer runs (ended, or gone from Temporal): their
 * workflow id is only a label now and may be renamed. A running saga (a confirmed booking still in
 * its cancellation window) keeps its id, the handle support cancels it through.
 */
async function bookingsWithEndedSaga(
  sequelize: Sequelize,
  temporal: Pick<Client, 'workflow'>,
  userId: string,
): Promise<string[]> {
  const rows = await sequelize.query<{ id: string; workflow_id: string; status: string }>(
    'SELECT id, workflow_id, status FROM bookings WHERE user_id = $1',
    { bind: [userId], type: QueryTypes.SELECT },
  );
  const ended: string[] = [];
  for (const row of rows) {
    if (row.status === 'FAILED' || row.status === 'CANCELLED' || !(await sagaRuns(temporal, row.workflow_id)))
      ended.push(row.id);
  }
  return ended;
}

async function sagaRuns(temporal: Pick<Client, 'workflow'>, workflowId: string): Promise<boolean> {
  try {
    return (await temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * Re-points every kept record of `userId` to a new placeholder account, inside `transaction`
 * (the anonymisation step's); answers how many rows were re-pointed. Idempotent: once done no
 * row names the account any more, and a repeat creates nothing.
 */
export async function repointKeptRecords(
  deps: { sequelize: Sequelize; temporal: Pick<Client, 'workflow'> },
  transaction: Transaction,
  userId: string,
): Promise<number> {
  const { sequelize } = deps;
  const [still] = await sequelize.query<{ any: boolean }>(STILL_NAMED, {
    bind: [userId],
    type: QueryTypes.SELECT,
    transaction,
  });
  if (!still?.any) return 0;

  const ended = await bookingsWithEndedSaga(sequelize, deps.temporal, userId);
  const placeholder = randomUUID();
  await sequelize.query(
    `INSERT INTO users (id, role, pseudonym, erased_at)
     VALUES ($1, 'USER', 'DELETED_USER_' || nextval('deleted_user_number'), now())`,
    { bind: [placeholder], transaction },
  );
  await sequelize.query(
    `UPDATE bookings SET workflow_id = regexp_replace(workflow_id, '${BOOKER_IN_WORKFLOW_ID}', 'booking-' || $2 || '-')
     WHERE user_id = $1 AND id = ANY($3::uuid[])`,
    { bind: [userId, placeholder, ended], transaction },
  );
  const repoint = async (statement: string) => {
    const [, result] = await sequelize.query(statement, { bind: [userId, placeholder], transaction });
    return rowCount(result);
  };
  let repointed = 0;
  repointed += await repoint('UPDATE bookings SET user_id = $2 WHERE user_id = $1');
  repointed += await repoint('UPDATE payments SET user_id = $2 WHERE user_id = $1');
  repointed += await repoint('UPDATE payment_declines SET user_id = $2 WHERE user_id = $1');
  repointed += await repoint('UPDATE payment_blocks SET user_id = $2 WHERE user_id = $1');
  repointed += await repoint('UPDATE refund_requests SET requested_by = $2 WHERE requested_by = $1');
  repointed += await repoint('UPDATE refund_requests SET decided_by = $2 WHERE decided_by = $1');
  repointed += await repoint('UPDATE cancellation_quotes SET requested_by = $2 WHERE requested_by = $1');
  repointed += await repoint('UPDATE reviews SET user_id = $2 WHERE user_id = $1');
  repointed += await repoint('UPDATE reviews SET moderated_by = $2 WHERE moderated_by = $1');
  repointed += await repoint('UPDATE review_reports SET reporter_id = $2 WHERE reporter_id = $1');
  repointed += await repoint('UPDATE review_helpful_votes SET user_id = $2 WHERE user_id = $1');
  repointed += await repoint('UPDATE company_invitations SET invited_by = $2 WHERE invited_by = $1');
  repointed += await repoint(
    'UPDATE company_invitations SET accepted_user_id = $2 WHERE accepted_user_id = $1',
  );
  return repointed;
}

function rowCount(result: unknown): number {
  if (typeof result === 'number') return result;
  const count = (result as { rowCount?: unknown } | undefined)?.rowCount;
  return typeof count === 'number' ? count : 0;
}
