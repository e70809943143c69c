import { Op } from 'sequelize';
import { AppError, errors, NotVisibleError } from '../../lib/errors';
import { looksLikeOneTimeToken, newOneTimeToken, oneTimeTokenHash } from '../../lib/auth/one-time-token';
import { assertPasswordAcceptable } from '../../lib/auth/password-policy';
import { assertCan, can, type Actor } from '../../lib/rbac';
import { auditInTransaction } from './account-audit';
import { accountDenialsAudited } from './account-denials';
import type { AccountsDeps, Origin } from './deps';
import { dispatchQueued, pageLink, queueEmail } from './outbox';
import { auditAccountCreated, insertAccount } from './new-account';
import { findUserByEmail } from './users';
import { invalidToken } from './verify-email';

/**
 * A business admin (own company) or platform admin (any) invites an email address to join as
 * BUSINESS_USER: a single-use 256-bit token, stored hashed, mailed through the outbox. Another
 * company answers 404 (SEC-AUTHZ-03).
 */
export function inviteToCompany(
  deps: AccountsDeps,
  actor: Actor,
  companyId: string,
  email: string,
  origin: Origin,
): Promise<{ id: string; expiresAt: string }> {
  const target = { action: 'companies.invite', resource: { type: 'company', id: companyId } };
  return accountDenialsAudited(deps, actor, origin, target, () =>
    inviteAllowed(deps, actor, companyId, email, origin),
  );
}

async function inviteAllowed(
  deps: AccountsDeps,
  actor: Actor,
  companyId: string,
  email: string,
  origin: Origin,
): Promise<{ id: string; expiresAt: string }> {
  if (!can(actor, 'manage_users')) {
    assertCan(actor, 'manage_company_users');
    if (actor.companyId !== companyId) throw new NotVisibleError('Company');
  }
  const company = await deps.models.Company.findByPk(companyId);
  if (!company) throw errors.notFound('Company');
  const token = newOneTimeToken();
  const expiresAt = new Date(deps.now().getTime() + deps.config.accounts.invitationTtlSeconds * 1000);
  const { id, outboxId } = await deps.sequelize.transaction(async (transaction) => {
    const invitation = await deps.models.CompanyInvitation.create(
      {
        company_id: companyId,
        role: 'BUSINESS_USER',
        email: email.trim(),
        token_hash: token.hash,
        invited_by: actor.id,
        expires_at: expiresAt,
      },
      { transaction },
    );
    const queued = await queueEmail(deps, transaction, 'company_invitation', email.trim(), {
      link: pageLink(deps, 'accept-invitation', token.token),
      companyName: company.name,
    });
    await auditInTransaction(
      deps,
      transaction,
      {
        type: 'admin.action',
        outcome: 'success',
        actor,
        resource: { type: 'company_invitation', id: invitation.id },
        details: { action: 'company.invite' },
      },
      origin,
    );
    return { id: invitation.id, outboxId: queued };
  });
  await dispatchQueued(deps, [outboxId]);
  return { id, expiresAt: expiresAt.toISOString() };
}

/**
 * The invitee sets a password and joins as BUSINESS_USER of the inviting company, email verified
 * (the link proved the mailbox). The token works once and not after expiry; an address that
 * already has an account cannot use it (409).
 */
export async function acceptInvitation(
  deps: AccountsDeps,
  input: { token: string; password: string; fullName: string },
  origin: Origin,
): Promise<{ userId: string; companyId: string }> {
  if (!looksLikeOneTimeToken(input.token)) throw invalidToken();
  const { CompanyInvitation } = deps.models;
  const now = deps.now();
  const invitation = await CompanyInvitation.findOne({
    where: { token_hash: oneTimeTokenHash(input.token), accepted_at: null, expires_at: { [Op.gt]: now } },
  });
  if (!invitation) throw invalidToken();
  await assertPasswordAcceptable(
    input.password,
    { email: invitation.email, fullName: input.fullName },
    deps.breached,
  );
  const passwordHash = await deps.hasher.hash(input.password);
  return deps.sequelize.transaction(async (transaction) => {
    const [spent] = await CompanyInvitation.update(
      { accepted_at: now },
      { where: { id: invitation.id, accepted_at: null }, transaction },
    );
    if (spent !== 1) throw invalidToken();
    if (await findUserByEmail(deps, invitation.email, transaction)) {
      throw new AppError(409, 'INVITATION_UNUSABLE', 'This invitation cannot be used; sign in instead');
    }
    const user = await insertAccount(deps, transaction, {
      user: {
        role: 'BUSINESS_USER',
        company_id: invitation.company_id,
        email: invitation.email,
        email_verified_at: now,
      },
      passwordHash,
      fullName: input.fullName,
    });
    await CompanyInvitation.update(
      { accepted_user_id: user.id },
      { where: { id: invitation.id }, transaction },
    );
    await auditAccountCreated(
      deps,
      transaction,
      user.id,
      { method: 'invitation', companyId: invitation.company_id },
      origin,
    );
    return { userId: user.id, companyId: invitation.company_id };
  });
}
