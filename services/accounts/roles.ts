import { AppError, errors, NotVisibleError } from '../../lib/errors';
import { can, isRole, type Actor, type Role } from '../../lib/rbac';
import { accountDenialsAudited } from './account-denials';
import type { AccountsDeps, Origin } from './deps';
import { hasConfirmedMfa, type MfaProof } from './mfa-check';
import { auditRoleChanged } from './role-change-audit';
import { assertStepUp } from './step-up';
import { roleRequiresMfa } from './users';

export interface RoleChange {
  role: Role;
  /** Required for BUSINESS_USER and BUSINESS_ADMIN, refused otherwise. */
  companyId?: string | null;
}

const isBusiness = (role: Role) => role === 'BUSINESS_USER' || role === 'BUSINESS_ADMIN';

/**
 * What the actor may do to the target, by lib/rbac: PLATFORM_ADMIN (`manage_users`) any change;
 * BUSINESS_ADMIN (`manage_company_users`) only moves BUSINESS_USERs of their own company out of
 * it (to USER); nobody changes their own role (no self-escalation). Others' targets answer 404
 * (another tenant's object), a missing permission 403.
 */
function checkAuthority(
  actor: Actor,
  target: { id: string; role: Role; company_id: string | null },
  change: RoleChange,
): void {
  if (actor.id === target.id) throw new AppError(403, 'SELF_ROLE_CHANGE', 'You cannot change your own role');
  if (can(actor, 'manage_users')) return;
  if (!can(actor, 'manage_company_users')) throw errors.accessDenied();
  if (!actor.companyId || target.company_id !== actor.companyId) throw new NotVisibleError('User');
  if (target.role !== 'BUSINESS_USER' || change.role !== 'USER') throw errors.accessDenied();
}

/**
 * SEC-AUTHZ-04: changes a user's role (and company), after an MFA step-up of the actor
 * (SEC-AUTH-06). Admin roles are granted only to users with confirmed MFA, so every admin
 * account always has it. Audited in the same transaction; the target's sessions all end
 * (SEC-SESS-07), so the old role stops working at once.
 */
export function changeRole(
  deps: AccountsDeps,
  actor: Actor,
  targetId: string,
  change: RoleChange,
  proof: MfaProof,
  origin: Origin,
): Promise<{ id: string; role: Role; companyId: string | null }> {
  const target = { action: 'users.role_change', resource: { type: 'user', id: targetId } };
  return accountDenialsAudited(deps, actor, origin, target, () =>
    changeAllowedRole(deps, actor, targetId, change, proof, origin),
  );
}

async function changeAllowedRole(
  deps: AccountsDeps,
  actor: Actor,
  targetId: string,
  change: RoleChange,
  proof: MfaProof,
  origin: Origin,
): Promise<{ id: string; role: Role; companyId: string | null }> {
  if (!can(actor, 'manage_users') && !can(actor, 'manage_company_users')) throw errors.accessDenied();
  if (!isRole(change.role)) throw errors.validation('Unknown role', { field: 'role' });
  const { User, Company } = deps.models;
  const target = await User.findByPk(targetId, { attributes: ['id', 'role', 'company_id'] });
  if (!target) throw errors.notFound('User');
  checkAuthority(actor, target, change);
  const companyId = isBusiness(change.role) ? (change.companyId ?? null) : null;
  if (isBusiness(change.role) && !companyId) {
    throw errors.validation('A business role needs a company', { field: 'companyId' });
  }
  if (!isBusiness(change.role) && change.companyId) {
    throw errors.validation('Only business roles belong to a company', { field: 'companyId' });
  }
  if (companyId && !(await Company.findByPk(companyId))) throw errors.notFound('Company');
  if (roleRequiresMfa(change.role) && !(await hasConfirmedMfa(deps, targetId))) {
    throw new AppError(409, 'MFA_ENROLMENT_REQUIRED', 'The user must enrol MFA before holding this role');
  }
  await assertStepUp(deps, actor, proof, 'role_change', origin);
  const fromRole = target.role;
  await deps.sequelize.transaction(async (transaction) => {
    await User.update({ role: change.role, company_id: companyId }, { where: { id: targetId }, transaction });
    await deps.sessions.revokeUserSessions(targetId, {
      reason: 'role_changed',
      actor: { type: actor.role === 'PLATFORM_ADMIN' ? 'admin' : 'user', id: actor.id },
      originIp: origin.ip,
    });
    await auditRoleChanged(
      deps,
      transaction,
      actor,
      targetId,
      { fromRole, toRole: change.role, ...(companyId ? { companyId } : {}) },
      origin,
    );
  });
  return { id: targetId, role: change.role, companyId };
}
