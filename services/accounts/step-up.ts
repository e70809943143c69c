import { AppError } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import { audit } from './account-audit';
import type { AccountsDeps, Origin } from './deps';
import { checkMfa, type MfaProof, type MfaVerdict } from './mfa-check';
import { assertSignedIn } from './actor';
import { limitedSecretCheck } from './step-up-limits';

/** The sensitive actions SEC-AUTH-06 names, plus the MFA changes themselves. */
export type StepUpPurpose =
  | 'payment_method_change'
  | 'refund_approval'
  | 'role_change'
  | 'account_deletion'
  | 'mfa_disable'
  /** SEC-PRIV-01: a copy of all of one's own personal data. */
  | 'data_export';

const stepUpRequired = () => new AppError(403, 'MFA_STEP_UP_REQUIRED', 'A fresh MFA code is required');
const enrolmentRequired = () => new AppError(403, 'MFA_ENROLMENT_REQUIRED', 'Enrol MFA before doing this');

/**
 * SEC-AUTH-06 step-up, for any service to call before a sensitive action: the actor must send a
 * current TOTP code (or an unused recovery code) of their confirmed factor, spent on use, so a
 * code seen once cannot authorize a second action. An actor without MFA cannot do these actions
 * at all (403 MFA_ENROLMENT_REQUIRED). Every check is audited (`auth.mfa.challenged`); wrong codes
 * are counted and limited per user and per session (step-up-limits.ts, SEC-AUTH-04).
 */
export async function assertStepUp(
  deps: AccountsDeps,
  actor: Actor,
  proof: MfaProof,
  purpose: StepUpPurpose,
  origin: Origin,
): Promise<void> {
  assertSignedIn(actor);
  const checked: { verdict: MfaVerdict } = { verdict: 'missing' };
  const method = proof.recoveryCode ? 'recovery_code' : 'totp';
  await limitedSecretCheck(deps, actor, { purpose, method }, origin, async () => {
    checked.verdict = await checkMfa(deps, actor.id, proof);
    if (checked.verdict === 'invalid') return 'failed';
    return checked.verdict === 'totp' || checked.verdict === 'recovery_code' ? 'passed' : 'no_guess';
  });
  const { verdict } = checked;
  const passed = verdict === 'totp' || verdict === 'recovery_code';
  await audit(
    deps,
    {
      type: 'auth.mfa.challenged',
      outcome: passed ? 'success' : verdict === 'not_enrolled' ? 'denied' : 'failure',
      actor,
      resource: { type: 'user', id: actor.id },
      details: { purpose, method: passed ? verdict : 'totp' },
    },
    origin,
  );
  if (verdict === 'not_enrolled') throw enrolmentRequired();
  if (!passed) throw stepUpRequired();
}
