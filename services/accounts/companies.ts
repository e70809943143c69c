import { Op } from 'sequelize';
import { AppError, errors, NotVisibleError } from '../../lib/errors';
import { assertCan, can, type Actor } from '../../lib/rbac';
import { auditInTransaction } from './account-audit';
import { accountDenialsAudited } from './account-denials';
import type { AccountsDeps, Origin } from './deps';
import { hasConfirmedMfa, type MfaProof } from './mfa-check';
import { auditRoleChanged } from './role-change-audit';
import { assertStepUp } from './step-up';

export interface CompanyMember {
  id: string;
  role: string;
  emailVerified: boolean;
}

/**
 * PLATFORM_ADMIN creates a company with its first BUSINESS_ADMIN, an existing user with confirmed
 * MFA (admin roles are never held without it), after an MFA step-up; one transaction writes the
 * company, the role change and both audit rows, and the new admin's sessions end (SEC-SESS-07).
 */
export function createCompany(
  deps: AccountsDeps,
  actor: Actor,
  input: NewCompany,
  proof: MfaProof,
  origin: Origin,
): Promise<{ id: string; name: string }> {
  const target = { action: 'companies.create', resource: { type: 'service', id: 'companies.create' } };
  return accountDenialsAudited(deps, actor, origin, target, () =>
    createAllowedCompany(deps, actor, input, proof, origin),
  );
}

interface NewCompany {
  name: string;
  adminUserId: string;
}

async function createAllowedCompany(
  deps: AccountsDeps,
  actor: Actor,
  input: NewCompany,
  proof: MfaProof,
  origin: Origin,
): Promise<{ id: string; name: string }> {
  assertCan(actor, 'manage_users');
  const { User, Company } = deps.models;
  if (input.adminUserId === actor.id) {
    throw new AppError(403, 'SELF_ROLE_CHANGE', 'You cannot change your own role');
  }
  const target = await User.findByPk(input.adminUserId, { attributes: ['id', 'role', 'company_id'] });
  if (!target) throw errors.notFound('User');
  if (!(await hasConfirmedMfa(deps, target.id))) {
    throw new AppError(409, 'MFA_ENROLMENT_REQUIRED', 'The user must enrol MFA before holding this role');
  }
  await assertStepUp(deps, actor, proof, 'role_change', origin);
  return deps.sequelize.transaction(async (transaction) => {
    const company = await Company.create({ name: input.name }, { transaction });
    await User.update(
      { role: 'BUSINESS_ADMIN', company_id: company.id },
      { where: { id: target.id }, transaction },
    );
    await deps.sessions.revokeUserSessions(target.id, {
      reason: 'role_changed',
      actor: { type: 'admin', id: actor.id },
      originIp: origin.ip,
    });
    const resource = { type: 'company', id: company.id };
    await auditInTransaction(
      deps,
      transaction,
      { type: 'admin.action', outcome: 'success', actor, resource, details: { action: 'company.create' } },
      origin,
    );
    await auditRoleChanged(
      deps,
      transaction,
      actor,
      target.id,
      { fromRole: target.role, toRole: 'BUSINESS_ADMIN', companyId: company.id },
      origin,
    );
    return { id: company.id, name: company.name };
  });
}

/**
 * The company's members: PLATFORM_ADMIN for any company, BUSINESS_ADMIN for their own; another
 * company answers 404 (SEC-AUTHZ-03), a role without the permission 403.
 */
export function listCompanyMembers(
  deps: AccountsDeps,
  actor: Actor,
  companyId: string,
  origin: Origin,
): Promise<CompanyMember[]> {
  const target = { action: 'companies.members', resource: { type: 'company', id: companyId } };
  return accountDenialsAudited(deps, actor, origin, target, () => membersOf(deps, actor, companyId));
}

async function membersOf(deps: AccountsDeps, actor: Actor, companyId: string): Promise<CompanyMember[]> {
  if (!can(actor, 'manage_users')) {
    assertCan(actor, 'manage_company_users');
    if (actor.companyId !== companyId) throw new NotVisibleError('Company');
  }
  if (!(await deps.models.Company.findByPk(companyId))) throw errors.notFound('Company');
  const members = await deps.models.User.findAll({
    where: { company_id: companyId, role: { [Op.in]: ['BUSINESS_USER', 'BUSINESS_ADMIN'] } },
    attributes: ['id', 'role', 'email_verified_at'],
    order: [['id', 'ASC']],
  });
  return members.map((m) => ({ id: m.id, role: m.role, emailVerified: m.email_verified_at !== null }));
}
