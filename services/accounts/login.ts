import { AppError, errors } from '../../lib/errors';
import { loginGate } from '../../lib/auth/login-failures';
import type { SessionUser } from '../sessions';
import type { User } from '../../db/models/user';
import { audit } from './account-audit';
import type { AccountsDeps, Origin } from './deps';
import { checkMfa, type MfaProof } from './mfa-check';
import { findUserByEmail, roleRequiresMfa } from './users';

export interface LoginInput extends MfaProof {
  email: string;
  password: string;
  /** A solved challenge, needed once the login name has failed often (SEC-AUTH-04). */
  captchaToken?: string;
}

const mfaRequired = () => new AppError(401, 'MFA_REQUIRED', 'MFA code required');
const mfaInvalid = () => new AppError(401, 'MFA_INVALID', 'Invalid MFA code');
const challengeRequired = () => new AppError(401, 'CHALLENGE_REQUIRED', 'Challenge required');
const enrolmentRequired = () =>
  new AppError(403, 'MFA_ENROLMENT_REQUIRED', 'This account must enrol MFA before signing in');

function loginDelayed(retryAfterSeconds: number): AppError {
  return new AppError(429, 'LOGIN_DELAYED', 'Too many failed attempts; try again later', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
}

async function passwordMatches(deps: AccountsDeps, user: User | null, password: string): Promise<boolean> {
  const credential = user && (await deps.models.UserCredential.findByPk(user.id));
  // An unknown account verifies a dummy hash: same work, same time (SEC-AUTH-03).
  if (!credential) return deps.hasher.verifyDummy(password);
  return deps.hasher.verify(credential.password_hash, password);
}

/**
 * Records a failure against the login name and, for an administrator, locks the account after
 * adminLockAfterFailures (PCI DSS 8.3.4). Customers are never locked (ASVS 6.1.1).
 */
async function fail(
  deps: AccountsDeps,
  input: LoginInput,
  user: User | null,
  reason: string,
  origin: Origin,
): Promise<never> {
  const now = deps.now();
  const record = await deps.failures.record(input.email, now.getTime());
  const rules = deps.config.accounts;
  const locked = user?.locked_until && user.locked_until > now;
  if (user && roleRequiresMfa(user.role) && !locked && record.count >= rules.adminLockAfterFailures) {
    await deps.models.User.update(
      { locked_until: new Date(now.getTime() + rules.adminLockSeconds * 1000) },
      { where: { id: user.id } },
    );
    await audit(
      deps,
      {
        type: 'auth.account.locked',
        outcome: 'success',
        actor: { anonymous: true },
        resource: { type: 'user', id: user.id },
        details: { failures: record.count, lockedForSeconds: rules.adminLockSeconds },
      },
      origin,
    );
  }
  await audit(
    deps,
    {
      type: 'auth.login.failed',
      outcome: 'failure',
      actor: { anonymous: true },
      resource: { type: 'user', id: user?.id ?? 'unknown' },
      details: { reason, failures: record.count },
    },
    origin,
  );
  throw reason === 'mfa_invalid' ? mfaInvalid() : errors.invalidCredentials();
}

async function refuse(deps: AccountsDeps, reason: string, error: AppError, origin: Origin): Promise<never> {
  await audit(
    deps,
    {
      type: 'auth.login.failed',
      outcome: 'denied',
      actor: { anonymous: true },
      resource: { type: 'user', id: 'unknown' },
      details: { reason },
    },
    origin,
  );
  throw error;
}

/**
 * SEC-AUTH-03/04/06: checks the password (and the second factor when enrolled) behind the
 * per-login-name delay and challenge, and returns who to start a session for. Every refusal
 * that could tell a registered address from an unknown one answers "Invalid credentials".
 * Per-IP and per-account request limits are the route's (rate limits loginPerIp/Account).
 */
export async function login(deps: AccountsDeps, input: LoginInput, origin: Origin): Promise<SessionUser> {
  const now = deps.now();
  const gate = loginGate(await deps.failures.get(input.email), now.getTime(), deps.config.accounts);
  // The delay holds back requests without a solved challenge only. Were it to hold back solved
  // ones too, an attacker failing once per delay would keep the owner waiting for ever (a lockout
  // in all but name, which SEC-AUTH-04 forbids); a solved challenge costs its own work per attempt.
  if (gate.kind === 'delayed' && input.captchaToken === undefined) {
    await refuse(deps, 'delayed', loginDelayed(gate.retryAfterSeconds), origin);
  }
  // A solution sent before it is required is checked too: the route's per-name limit lets
  // solved requests through, so an unchecked token must not buy that.
  if (gate.challenge || input.captchaToken !== undefined) {
    const solved = input.captchaToken ? await deps.captcha.verify(input.captchaToken, origin.ip) : false;
    if (!solved) await refuse(deps, 'challenge_required', challengeRequired(), origin);
  }

  const user = await findUserByEmail(deps, input.email);
  const matches = await passwordMatches(deps, user, input.password);
  if (!user || !matches) return fail(deps, input, user, user ? 'bad_password' : 'unknown_user', origin);
  if (user.locked_until && user.locked_until > now) return fail(deps, input, user, 'locked', origin);

  const verdict = await checkMfa(deps, user.id, input);
  if (verdict === 'not_enrolled' && roleRequiresMfa(user.role)) {
    await refuse(deps, 'mfa_not_enrolled', enrolmentRequired(), origin);
  }
  if (verdict === 'missing') await refuse(deps, 'mfa_required', mfaRequired(), origin);
  if (verdict === 'invalid') return fail(deps, input, user, 'mfa_invalid', origin);

  await deps.failures.clear(input.email);
  await audit(
    deps,
    {
      type: 'auth.login.succeeded',
      outcome: 'success',
      actor: { userId: user.id },
      resource: { type: 'user', id: user.id },
      details: { method: 'password', mfa: verdict !== 'not_enrolled' },
    },
    origin,
  );
  return { id: user.id, role: user.role, ...(user.company_id ? { companyId: user.company_id } : {}) };
}
