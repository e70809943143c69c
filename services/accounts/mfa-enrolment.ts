import { Op, type Transaction } from 'sequelize';
import { AppError } from '../../lib/errors';
import { newRecoveryCodes, recoveryCodeHash } from '../../lib/auth/mfa-recovery-codes';
import { newTotpSecret, totpUri, verifyTotp } from '../../lib/auth/mfa-totp';
import type { Actor } from '../../lib/rbac';
import { auditInTransaction } from './account-audit';
import type { AccountsDeps, Origin } from './deps';
import { assertStepUp } from './step-up';
import { roleRequiresMfa } from './users';
import { assertSignedIn } from './actor';
import { endOtherSessions } from './end-other-sessions';

export interface EnrolmentStart {
  secret: string;
  otpauthUri: string;
}

/**
 * Starts (or restarts) TOTP enrolment: a fresh secret, stored encrypted and unconfirmed. It
 * protects nothing until a code from it is confirmed. A confirmed factor is refused (409):
 * disable it first.
 */
export async function startMfaEnrolment(deps: AccountsDeps, actor: Actor): Promise<EnrolmentStart> {
  assertSignedIn(actor);
  const { User, UserMfa } = deps.models;
  const user = await User.findByPk(actor.id);
  if (!user) throw new AppError(404, 'NOT_FOUND', 'User not found');
  const secret = newTotpSecret();
  await deps.sequelize.transaction(async (transaction) => {
    const confirmed = await UserMfa.count({
      where: { user_id: actor.id, confirmed_at: { [Op.ne]: null } },
      transaction,
    });
    if (confirmed > 0) throw new AppError(409, 'MFA_ALREADY_ENROLLED', 'MFA is already enrolled');
    await UserMfa.destroy({ where: { user_id: actor.id }, transaction });
    await UserMfa.create({ user_id: actor.id, secret }, { transaction });
  });
  return { secret, otpauthUri: totpUri(secret, deps.config.accounts.totpIssuer, user.email ?? actor.id) };
}

/**
 * Confirms enrolment with a first valid code (its step is recorded, so it cannot be replayed),
 * creates ten recovery codes, shown once and stored hashed, and ends the user's other sessions
 * (SEC-SESS-07: an MFA change).
 */
export async function confirmMfaEnrolment(
  deps: AccountsDeps,
  actor: Actor,
  code: string,
  origin: Origin,
): Promise<{ recoveryCodes: string[] }> {
  assertSignedIn(actor);
  const { UserMfa, MfaRecoveryCode } = deps.models;
  const recoveryCodes = newRecoveryCodes();
  await deps.sequelize.transaction(async (transaction) => {
    const pending = await UserMfa.findOne({
      where: { user_id: actor.id, confirmed_at: null },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!pending) throw new AppError(409, 'MFA_NOT_STARTED', 'Start MFA enrolment first');
    const step = await verifyTotp(pending.secret, code, undefined, Math.floor(deps.now().getTime() / 1000));
    if (step === undefined) throw new AppError(400, 'MFA_INVALID', 'Invalid MFA code');
    pending.confirmed_at = deps.now();
    pending.last_used_step = String(step);
    await pending.save({ transaction });
    await MfaRecoveryCode.destroy({ where: { user_id: actor.id }, transaction });
    await MfaRecoveryCode.bulkCreate(
      recoveryCodes.map((c) => ({ user_id: actor.id, code_hash: recoveryCodeHash(c) })),
      { transaction },
    );
    await mfaChanged(deps, transaction, actor, 'auth.mfa.enrolled', origin);
  });
  return { recoveryCodes };
}

/**
 * Removes the factor, after a step-up with it. Refused for roles that must keep MFA
 * (BUSINESS_ADMIN, PLATFORM_ADMIN). Ends the user's other sessions.
 */
export async function disableMfa(
  deps: AccountsDeps,
  actor: Actor,
  proof: { mfaCode?: string; recoveryCode?: string },
  origin: Origin,
): Promise<void> {
  assertSignedIn(actor);
  if (roleRequiresMfa(actor.role)) {
    throw new AppError(403, 'MFA_REQUIRED_FOR_ROLE', 'This role must keep MFA enabled');
  }
  await assertStepUp(deps, actor, proof, 'mfa_disable', origin);
  await deps.sequelize.transaction(async (transaction) => {
    await deps.models.UserMfa.destroy({ where: { user_id: actor.id }, transaction });
    await deps.models.MfaRecoveryCode.destroy({ where: { user_id: actor.id }, transaction });
    await mfaChanged(deps, transaction, actor, 'auth.mfa.disabled', origin);
  });
}

/** Enrolling or removing the factor ends the user's other sessions (SEC-SESS-07) and is audited. */
async function mfaChanged(
  deps: AccountsDeps,
  transaction: Transaction,
  actor: Actor,
  type: 'auth.mfa.enrolled' | 'auth.mfa.disabled',
  origin: Origin,
): Promise<void> {
  await endOtherSessions(deps, actor, 'mfa_changed', origin);
  await auditInTransaction(
    deps,
    transaction,
    {
      type,
      outcome: 'success',
      actor,
      resource: { type: 'user', id: actor.id },
      details: { method: 'totp' },
    },
    origin,
  );
}
