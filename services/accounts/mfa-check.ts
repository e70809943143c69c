import { Op } from 'sequelize';
import { recoveryCodeHash, looksLikeRecoveryCode } from '../../lib/auth/mfa-recovery-codes';
import { verifyTotp } from '../../lib/auth/mfa-totp';
import type { AccountsDeps } from './deps';

export interface MfaProof {
  mfaCode?: string;
  recoveryCode?: string;
}

export type MfaVerdict = 'not_enrolled' | 'missing' | 'invalid' | 'totp' | 'recovery_code';

/** Whether the user has a confirmed TOTP factor. */
export async function hasConfirmedMfa(deps: AccountsDeps, userId: string): Promise<boolean> {
  const count = await deps.models.UserMfa.count({
    where: { user_id: userId, confirmed_at: { [Op.ne]: null } },
  });
  return count > 0;
}

/**
 * Raises last_used_step only if `step` is newer: the conditional UPDATE is what makes a code
 * single-use, also between concurrent requests (SEC-AUTH-06).
 */
async function spendStep(deps: AccountsDeps, userId: string, step: number): Promise<boolean> {
  const [count] = await deps.models.UserMfa.update(
    { last_used_step: String(step) },
    {
      where: {
        user_id: userId,
        confirmed_at: { [Op.ne]: null },
        [Op.or]: [{ last_used_step: null }, { last_used_step: { [Op.lt]: step } }],
      },
    },
  );
  return count === 1;
}

async function spendRecoveryCode(deps: AccountsDeps, userId: string, code: string): Promise<boolean> {
  if (!looksLikeRecoveryCode(code)) return false;
  const [count] = await deps.models.MfaRecoveryCode.update(
    { used_at: deps.now() },
    { where: { user_id: userId, code_hash: recoveryCodeHash(code), used_at: null } },
  );
  return count === 1;
}

/** Checks a TOTP code (or a recovery code) of the user's confirmed factor and spends it. */
export async function checkMfa(deps: AccountsDeps, userId: string, proof: MfaProof): Promise<MfaVerdict> {
  const factor = await deps.models.UserMfa.findOne({
    where: { user_id: userId, confirmed_at: { [Op.ne]: null } },
  });
  if (!factor) return 'not_enrolled';
  if (proof.recoveryCode) {
    return (await spendRecoveryCode(deps, userId, proof.recoveryCode)) ? 'recovery_code' : 'invalid';
  }
  if (!proof.mfaCode) return 'missing';
  const last = factor.last_used_step === null ? undefined : Number(factor.last_used_step);
  const step = await verifyTotp(factor.secret, proof.mfaCode, last, Math.floor(deps.now().getTime() / 1000));
  if (step === undefined) return 'invalid';
  return (await spendStep(deps, userId, step)) ? 'totp' : 'invalid';
}
