import { isIP } from 'node:net';
import { newAuditEvent, type AuditEventInput } from '../../lib/audit';
import type { RevokeOptions } from './types';

type Who = NonNullable<RevokeOptions['actor']>;

/** Audit rows need an address for every non-system actor; an unknown one is recorded as 0.0.0.0. */
function origin(who: Who, ip: string | undefined): string | null {
  if (ip && isIP(ip)) return ip;
  return who.type === 'system' ? null : '0.0.0.0';
}

/** An event the user themself caused on one of their sessions. */
function ownSessionEvent(
  userId: string,
  ip: string,
  event: Pick<AuditEventInput, 'type' | 'outcome' | 'details'> & { sessionId: string },
): AuditEventInput {
  const who: Who = { type: 'user', id: userId };
  return newAuditEvent({
    type: event.type,
    actor: who,
    outcome: event.outcome,
    originIp: origin(who, ip),
    resource: { type: 'session', id: event.sessionId },
    details: event.details,
  });
}

export function sessionsRevoked(
  userId: string,
  who: Who,
  ip: string | undefined,
  reason: string,
  sessions: number,
): AuditEventInput {
  return newAuditEvent({
    type: 'session.revoked',
    actor: who,
    outcome: 'success',
    originIp: origin(who, ip),
    resource: { type: 'user', id: userId },
    details: { reason, sessions },
  });
}

export function tokenReuse(userId: string, familyId: string, ip: string): AuditEventInput {
  return ownSessionEvent(userId, ip, {
    type: 'session.token_reuse_detected',
    outcome: 'denied',
    sessionId: familyId,
    details: { familyRevoked: true },
  });
}

export function loggedOut(userId: string, sessionId: string, ip: string): AuditEventInput {
  return ownSessionEvent(userId, ip, {
    type: 'auth.logout',
    outcome: 'success',
    sessionId,
    details: { scope: 'current' },
  });
}

export function newDeviceLogin(userId: string, sessionId: string, ip: string, device: string) {
  return ownSessionEvent(userId, ip, {
    type: 'auth.login.new_device',
    outcome: 'success',
    sessionId,
    details: { device },
  });
}
