import type { Actor } from '../../lib/rbac';
import type { RevocationReason } from '../sessions';
import type { AccountsDeps, Origin } from './deps';

/**
 * SEC-SESS-07 for a change the user made to their own account (password, MFA): every other
 * session of theirs ends, the one they made it from stays. Returns how many ended.
 */
export function endOtherSessions(
  deps: AccountsDeps,
  actor: Actor,
  reason: RevocationReason,
  origin: Origin,
): Promise<number> {
  return deps.sessions.revokeUserSessions(actor.id, {
    exceptSessionId: actor.sessionId,
    reason,
    actor: { type: 'user', id: actor.id },
    originIp: origin.ip,
  });
}
