import { AppError, errors } from '../../lib/errors';
import type { AccountsDeps } from './deps';
import { hasConfirmedMfa } from './mfa-check';
import { auditRoleChanged } from './role-change-audit';

/**
 * The first PLATFORM_ADMIN cannot be made through the API (only a platform admin changes roles):
 * an operator runs tools/grant-platform-admin for a user who signed up and enrolled MFA. The same
 * rules hold as for the role route: MFA first, audited in the same transaction (actor: the
 * operator command), and the user's sessions end so the new role is taken at the next login.
 */
export async function grantPlatformAdmin(
  deps: AccountsDeps,
  userId: string,
  operator: string,
): Promise<{ fromRole: string }> {
  const user = await deps.models.User.findByPk(userId, { attributes: ['id', 'role', 'company_id'] });
  if (!user) throw errors.notFound('User');
  if (!(await hasConfirmedMfa(deps, userId))) {
    throw new AppError(409, 'MFA_ENROLMENT_REQUIRED', 'The user must enrol MFA before holding this role');
  }
  const fromRole = user.role;
  await deps.sequelize.transaction(async (transaction) => {
    await deps.models.User.update(
      { role: 'PLATFORM_ADMIN', company_id: null },
      { where: { id: userId }, transaction },
    );
    await deps.sessions.revokeUserSessions(userId, {
      reason: 'role_changed',
      actor: { type: 'system', id: operator },
    });
    await auditRoleChanged(
      deps,
      transaction,
      { system: operator },
      userId,
      { fromRole, toRole: 'PLATFORM_ADMIN' },
      { ip: '0.0.0.0' },
    );
  });
  return { fromRole };
}
