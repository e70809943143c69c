import { Op } from 'sequelize';
import { AppError } from '../../lib/errors';
import { looksLikeOneTimeToken, oneTimeTokenHash } from '../../lib/auth/one-time-token';
import type { AccountToken, AccountTokenPurpose } from '../../db/models/account-token';
import type { Transaction } from 'sequelize';
import { auditInTransaction } from './account-audit';
import type { AccountsDeps, Origin } from './deps';

export const invalidToken = () => new AppError(400, 'INVALID_TOKEN', 'Invalid or expired token');

/**
 * Spends a one-time token: one conditional UPDATE (unspent, unexpired, right purpose), so two
 * concurrent uses cannot both succeed. Returns the token's user, or throws 400 INVALID_TOKEN.
 */
export async function consumeToken(
  deps: AccountsDeps,
  transaction: Transaction,
  purpose: AccountTokenPurpose,
  token: string,
): Promise<string> {
  if (!looksLikeOneTimeToken(token)) throw invalidToken();
  const now = deps.now();
  const [count, rows] = await deps.models.AccountToken.update(
    { consumed_at: now },
    {
      where: {
        token_hash: oneTimeTokenHash(token),
        purpose,
        consumed_at: null,
        expires_at: { [Op.gt]: now },
      },
      returning: true,
      transaction,
    },
  );
  const row = (rows as AccountToken[])[0];
  if (count !== 1 || !row) throw invalidToken();
  return row.user_id;
}

/** SEC-AUTH-07: the link from the signup email marks the address verified (booking needs it). */
export async function verifyEmail(deps: AccountsDeps, token: string, origin: Origin): Promise<void> {
  await deps.sequelize.transaction(async (transaction) => {
    const userId = await consumeToken(deps, transaction, 'verify_email', token);
    await deps.models.User.update(
      { email_verified_at: deps.now() },
      { where: { id: userId, email_verified_at: null }, transaction },
    );
    await auditInTransaction(
      deps,
      transaction,
      {
        type: 'account.email_verified',
        outcome: 'success',
        actor: { userId },
        resource: { type: 'user', id: userId },
      },
      origin,
    );
  });
}

/** For the booking issue: refuses (403 EMAIL_NOT_VERIFIED) a user whose email is not verified. */
export async function assertEmailVerified(deps: Pick<AccountsDeps, 'models'>, userId: string): Promise<void> {
  const user = await deps.models.User.findByPk(userId, { attributes: ['id', 'email_verified_at'] });
  if (!user?.email_verified_at) {
    throw new AppError(403, 'EMAIL_NOT_VERIFIED', 'Verify your email address first');
  }
}
