import type { FailurePolicy, PendingAttempt } from '../../lib/auth/failure-windows';
import { AppError, errors } from '../../lib/errors';
import { rateLimitHeaders } from '../../lib/rate-limit';
import type { Actor } from '../../lib/rbac';
import { audit } from './account-audit';
import type { AccountsDeps, Origin } from './deps';

/** What checking the secret found: 'no_guess' when no secret was tested (none sent, none enrolled). */
export type SecretCheck = 'passed' | 'failed' | 'no_guess';

/** A secret re-entered for a sensitive action: which action, and which kind of secret. */
export interface StepUpAttempt {
  purpose: string;
  method: 'password' | 'totp' | 'recovery_code';
}

interface Counted {
  named: FailurePolicy;
  subject: string;
  pending: PendingAttempt;
}

const sessionEnded = () => new AppError(401, 'SESSION_ENDED', 'Too many failed confirmations; sign in again');

async function failClosed<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    // SEC-RATE-02: these limits guard authentication, so no count means no attempt.
    throw errors.unavailable();
  }
}

function windowsOf(deps: AccountsDeps, actor: Actor) {
  const { stepUpPerUser, stepUpPerSession } = deps.config.rateLimits;
  const windows = [{ named: { name: 'stepUpPerUser', policy: stepUpPerUser }, subject: `user:${actor.id}` }];
  if (actor.sessionId) {
    windows.push({
      named: { name: 'stepUpPerSession', policy: stepUpPerSession },
      subject: `session:${actor.sessionId}`,
    });
  }
  return windows;
}

async function auditAttempt(
  deps: AccountsDeps,
  actor: Actor,
  attempt: StepUpAttempt,
  outcome: 'failure' | 'denied',
  reason: string,
  [byUser, bySession]: Counted[],
  origin: Origin,
) {
  // A refused attempt is not a failure: report the failures that caused the refusal.
  const failures = (c: Counted) => c.pending.count - (outcome === 'denied' ? 1 : 0);
  await audit(
    deps,
    {
      type: 'auth.step_up.failed',
      outcome,
      actor,
      resource: { type: 'user', id: actor.id },
      details: {
        purpose: attempt.purpose,
        method: attempt.method,
        reason,
        failures: failures(byUser!),
        ...(bySession ? { sessionFailures: failures(bySession) } : {}),
      },
    },
    origin,
  );
}

async function endSession(deps: AccountsDeps, actor: Actor, origin: Origin): Promise<never> {
  await deps.sessions.revokeUserSessions(actor.id, {
    onlySessionId: actor.sessionId,
    reason: 'step_up_failed',
    actor: { type: 'system', id: 'step-up-limit' },
    originIp: origin.ip,
  });
  throw sessionEnded();
}

/**
 * SEC-AUTH-04 for secrets re-entered when signed in (current password, MFA step-up): runs
 * `check` only while the user has fewer than `stepUpPerUser` failures in its window and the
 * session fewer than `stepUpPerSession`; otherwise answers 429 with Retry-After (or 401: the
 * session has ended) before any hash is computed. Each wrong secret is audited
 * (`auth.step_up.failed`), and the one that reaches the session's limit ends that session: the
 * user must sign in again, with the login's own limits. Redis unreachable: 503.
 */
export async function limitedSecretCheck(
  deps: AccountsDeps,
  actor: Actor,
  attempt: StepUpAttempt,
  origin: Origin,
  check: () => Promise<SecretCheck>,
): Promise<SecretCheck> {
  const nowMs = deps.now().getTime();
  const counted: Counted[] = await failClosed(() =>
    Promise.all(
      windowsOf(deps, actor).map(async (w) => ({
        ...w,
        pending: await deps.stepUpFailures.begin(w.named, w.subject, nowMs),
      })),
    ),
  );
  // Uncounting is bookkeeping: if it fails, the attempt stays counted as a failure (the safe side).
  const forget = () =>
    Promise.all(counted.map((c) => deps.stepUpFailures.forget(c.named, c.subject, c.pending.id))).catch(
      () => undefined,
    );
  const [byUser, bySession] = counted as [Counted, Counted | undefined];
  const over = (c: Counted | undefined) => c !== undefined && c.pending.count > c.named.policy.limit;

  if (over(bySession)) {
    await forget();
    await auditAttempt(deps, actor, attempt, 'denied', 'session_limited', counted, origin);
    return endSession(deps, actor, origin);
  }
  if (over(byUser)) {
    await forget();
    await auditAttempt(deps, actor, attempt, 'denied', 'limited', counted, origin);
    const { limit, windowSeconds } = byUser.named.policy;
    const resetSeconds = byUser.pending.retryAfterSeconds;
    throw errors.tooManyRequests(
      resetSeconds,
      rateLimitHeaders({
        allowed: false,
        limit,
        remaining: 0,
        windowSeconds,
        resetSeconds,
        firstBreach: false,
      }),
    );
  }

  let result: SecretCheck;
  try {
    result = await check();
  } catch (err) {
    await forget();
    throw err;
  }
  if (result !== 'failed') {
    await forget();
    return result;
  }
  const reason = attempt.method === 'password' ? 'bad_password' : 'mfa_invalid';
  await auditAttempt(deps, actor, attempt, 'failure', reason, counted, origin);
  if (bySession && bySession.pending.count >= bySession.named.policy.limit)
    return endSession(deps, actor, origin);
  return result;
}
