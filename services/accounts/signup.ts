import { UniqueConstraintError } from 'sequelize';
import { assertPasswordAcceptable } from '../../lib/auth/password-policy';
import { newOneTimeToken } from '../../lib/auth/one-time-token';
import type { AccountsDeps, Origin } from './deps';
import { dispatchQueued, pageLink, queueEmail } from './outbox';
import { auditAccountCreated, insertAccount } from './new-account';
import { findUserByEmail } from './users';

export interface SignupInput {
  email: string;
  password: string;
  fullName: string;
}

/**
 * SEC-AUTH-07 / SEC-AUTH-03: creates a USER account with an unverified email and mails a
 * verification link, or, when the address already has an account, mails its owner instead.
 * Both paths hash the password and write one outbox row, and the caller answers the same either
 * way, so signup never tells whether an address is registered. The password policy runs first
 * (its reasons are about the password only).
 */
export async function signup(deps: AccountsDeps, input: SignupInput, origin: Origin): Promise<void> {
  await assertPasswordAcceptable(
    input.password,
    { email: input.email, fullName: input.fullName },
    deps.breached,
  );
  const passwordHash = await deps.hasher.hash(input.password);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.accounts.verificationTokenTtlSeconds * 1000);
  const { AccountToken } = deps.models;

  let outboxId: string;
  try {
    outboxId = await deps.sequelize.transaction(async (transaction) => {
      const existing = await findUserByEmail(deps, input.email, transaction);
      if (existing) {
        return queueEmail(deps, transaction, 'account_exists', input.email, {
          signInLink: `${deps.config.api.publicUrl}/signin`,
          resetLink: `${deps.config.api.publicUrl}/signin#forgot`,
        });
      }
      const user = await insertAccount(deps, transaction, {
        user: { role: 'USER', email: input.email.trim() },
        passwordHash,
        fullName: input.fullName,
      });
      const token = newOneTimeToken();
      await AccountToken.create(
        { user_id: user.id, purpose: 'verify_email', token_hash: token.hash, expires_at: expiresAt },
        { transaction },
      );
      const id = await queueEmail(deps, transaction, 'verify_email', input.email, {
        link: pageLink(deps, 'verify-email', token.token),
      });
      await auditAccountCreated(deps, transaction, user.id, { method: 'signup' }, origin);
      return id;
    });
  } catch (err) {
    // A concurrent signup took the address between the lookup and the insert: same answer.
    if (err instanceof UniqueConstraintError) return;
    throw err;
  }
  await dispatchQueued(deps, [outboxId]);
}
