import { errors } from '../../lib/errors';
import { assertPasswordAcceptable } from '../../lib/auth/password-policy';
import type { Actor } from '../../lib/rbac';
import { auditInTransaction } from './account-audit';
import type { AccountsDeps, Origin } from './deps';
import { fullNameOf } from './users';
import { assertSignedIn } from './actor';
import { endOtherSessions } from './end-other-sessions';
import { limitedSecretCheck } from './step-up-limits';

/**
 * A signed-in user changes their password: the current one must verify, within the step-up
 * failure limits (SEC-AUTH-04), the new one pass the policy; every other session ends
 * (SEC-SESS-07), the caller's own stays.
 */
export async function changePassword(
  deps: AccountsDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  origin: Origin,
): Promise<void> {
  assertSignedIn(actor);
  const { User, UserCredential } = deps.models;
  const verdict = await limitedSecretCheck(
    deps,
    actor,
    { purpose: 'password_change', method: 'password' },
    origin,
    async () => {
      const credential = await UserCredential.findByPk(actor.id);
      const ok = credential && (await deps.hasher.verify(credential.password_hash, input.currentPassword));
      return ok ? 'passed' : 'failed';
    },
  );
  if (verdict !== 'passed') throw errors.invalidCredentials();
  const user = await User.findByPk(actor.id);
  await assertPasswordAcceptable(
    input.newPassword,
    { email: user?.email, fullName: await fullNameOf(deps, actor.id) },
    deps.breached,
  );
  const passwordHash = await deps.hasher.hash(input.newPassword);
  await deps.sequelize.transaction(async (transaction) => {
    await UserCredential.update(
      { password_hash: passwordHash },
      { where: { user_id: actor.id }, transaction },
    );
    const revoked = await endOtherSessions(deps, actor, 'password_changed', origin);
    await auditInTransaction(
      deps,
      transaction,
      {
        type: 'auth.password.changed',
        outcome: 'success',
        actor,
        resource: { type: 'user', id: actor.id },
        details: { sessionsRevoked: revoked },
      },
      origin,
    );
  });
}
