import { isIP } from 'node:net';
import { newAuditEvent, type AuditEventInput } from '../audit';
import type { RevokeOptions } from './types';

type Who = NonNullable<RevokeOptions['actor']>;

/** Audit rows need an address for every non-system actor; an unknown one is recorded as 0.0.0.0. */
function origin(who: Who, ip: string | undefined): string | null {
  if (ip && isIP(ip)) return ip;
  return who.type === 'system' ? null : '0.0.0.0';
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
  const who: Who = { type: 'user', id: userId };
  return newAuditEvent({
    type: 'session.token_reuse_detected',
    actor: who,
    outcome: 'denied',
    originIp: origin(who, ip),
    resource: { type: 'session', id: familyId },
    details: { familyRevoked: true },
  });
}

export function loggedOut(userId: string, sessionId: string, ip: string): AuditEventInput {
  const who: Who = { type: 'user', id: userId };
  return newAuditEvent({
    type: 'auth.logout',
    actor: who,
    outcome: 'success',
    originIp: origin(who, ip),
    resource: { type: 'session', id: sessionId },
    details: { scope: 'current' },
  });
}

export function newDeviceLogin(userId: string, sessionId: string, ip: string, device: string) {
  const who: Who = { type: 'user', id: userId };
  return newAuditEvent({
    type: 'auth.login.new_device',
    actor: who,
    outcome: 'success',
    originIp: origin(who, ip),
    resource: { type: 'session', id: sessionId },
    details: { device },
  });
}
