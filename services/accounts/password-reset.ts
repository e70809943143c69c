import { newOneTimeToken } from '../../lib/auth/one-time-token';
import { assertPasswordAcceptable } from '../../lib/auth/password-policy';
import { audit, auditInTransaction } from './account-audit';
import type { AccountsDeps, Origin } from './deps';
import { dispatchQueued, pageLink, queueEmail } from './outbox';
import { fullNameOf, findUserByEmail } from './users';
import { consumeToken } from './verify-email';

async function issueResetToken(deps: AccountsDeps, email: string, origin: Origin): Promise<void> {
  const user = await findUserByEmail(deps, email);
  if (!user?.email) {
    await audit(
      deps,
      {
        type: 'auth.password_reset.requested',
        outcome: 'denied',
        actor: { anonymous: true },
        resource: { type: 'user', id: 'unknown' },
      },
      origin,
    );
    return;
  }
  const now = deps.now();
  const token = newOneTimeToken();
  const outboxId = await deps.sequelize.transaction(async (transaction) => {
    // Only the newest link works: every older unspent reset token is spent now (SEC-AUTH-05).
    await deps.models.AccountToken.update(
      { consumed_at: now },
      { where: { user_id: user.id, purpose: 'reset_password', consumed_at: null }, transaction },
    );
    await deps.models.AccountToken.create(
      {
        user_id: user.id,
        purpose: 'reset_password',
        token_hash: token.hash,
        expires_at: new Date(now.getTime() + deps.config.accounts.resetTokenTtlSeconds * 1000),
      },
      { transaction },
    );
    const id = await queueEmail(deps, transaction, 'reset_password', user.email!, {
      link: pageLink(deps, 'reset-password', token.token),
      requestIp: origin.ip,
      requestedAt: now.toISOString(),
    });
    await auditInTransaction(
      deps,
      transaction,
      {
        type: 'auth.password_reset.requested',
        outcome: 'success',
        actor: { anonymous: true },
        resource: { type: 'user', id: user.id },
      },
      origin,
    );
    return id;
  });
  await dispatchQueued(deps, [outboxId]);
}

/**
 * SEC-AUTH-05 request: the caller answers 202 at once and the work happens in the background,
 * so neither the answer nor its timing says whether the address has an account (SEC-AUTH-03).
 * The 3/h per email and per IP limits are the route's (resetPerEmail, resetPerIp).
 */
export function requestPasswordReset(deps: AccountsDeps, email: string, origin: Origin): void {
  deps.background.run('auth.password_reset.request', () => issueResetToken(deps, email, origin));
}

/**
 * SEC-AUTH-05 completion: spends the token (single use, 1 h), sets the new password (policy
 * checked against the account's email and name), clears the login failures and any admin lock,
 * and ends every session before the transaction commits, so a failed revocation (Redis down)
 * leaves the token and the old password as they were.
 */
export async function completePasswordReset(
  deps: AccountsDeps,
  token: string,
  newPassword: string,
  origin: Origin,
): Promise<void> {
  const { User, UserCredential } = deps.models;
  await deps.sequelize.transaction(async (transaction) => {
    const userId = await consumeToken(deps, transaction, 'reset_password', token);
    const user = await User.findByPk(userId, { transaction });
    await assertPasswordAcceptable(
      newPassword,
      { email: user?.email, fullName: await fullNameOf(deps, userId) },
      deps.breached,
    );
    const passwordHash = await deps.hasher.hash(newPassword);
    await UserCredential.upsert({ user_id: userId, password_hash: passwordHash }, { transaction });
    // The link proved control of the mailbox.
    await User.update(
      { locked_until: null, email_verified_at: user?.email_verified_at ?? deps.now() },
      { where: { id: userId }, transaction },
    );
    if (user?.email) await deps.failures.clear(user.email);
    const revoked = await deps.sessions.revokeUserSessions(userId, {
      reason: 'password_reset',
      actor: { type: 'user', id: userId },
      originIp: origin.ip,
    });
    await auditInTransaction(
      deps,
      transaction,
      {
        type: 'auth.password_reset.completed',
        outcome: 'success',
        actor: { userId },
        resource: { type: 'user', id: userId },
        details: { sessionsRevoked: revoked },
      },
      origin,
    );
  });
}
