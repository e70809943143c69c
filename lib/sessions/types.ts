import type { Role } from '../rbac';

/** Who a session is for: the login route passes what it has just verified. */
export interface SessionUser {
  id: string;
  role: Role;
  companyId?: string;
}

/** Where the login came from: the client address (SEC-VAL-09) and its User-Agent header. */
export interface SessionClient {
  ip: string;
  userAgent: string;
}

/**
 * SEC-SESS-01: 'browser' answers put the tokens in `__Host-` cookies and never in the body;
 * 'bearer' answers (non-browser clients) return them in the body, to be sent as
 * `Authorization: Bearer <accessToken>`.
 */
export type SessionMode = 'browser' | 'bearer';

/** A session that has just started or been refreshed. Tokens are secrets: never log them. */
export interface IssuedSession {
  sessionId: string;
  /** ES256 JWT, header typ at+jwt, 15 minutes (SEC-SESS-02). */
  accessToken: string;
  /** Opaque, 256-bit, single use (SEC-SESS-03). */
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
}

/** Why sessions end; written into the `session.revoked` audit event. */
export type RevocationReason =
  | 'logout'
  | 'user_revoked'
  | 'evicted'
  | 'password_changed'
  | 'password_reset'
  | 'mfa_changed'
  | 'role_changed'
  | 'admin'
  | 'token_reuse'
  | 'account_deleted';

export interface RevokeOptions {
  /** Keep this one (the caller's own session after a password or MFA change). */
  exceptSessionId?: string;
  reason: RevocationReason;
  /** Who did it, for the audit event; defaults to the user themself. */
  actor?: { type: 'user' | 'admin' | 'system'; id: string };
  originIp?: string;
}

/** One row of "my sessions" (SEC-SESS-05). */
export interface SessionSummary {
  id: string;
  device: string;
  ip: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** What every authenticated request learns from the session store (SEC-SESS-04). */
export interface LiveSession {
  sessionId: string;
  userId: string;
  role: Role;
  companyId?: string;
}

/**
 * SEC-SESS-06 port: told about a login from a device/network pair the user has not used before.
 * Carries ids and the client facts only; the accounts notification workflow sends the email.
 */
export type NewDeviceNotifier = (login: {
  userId: string;
  sessionId: string;
  ip: string;
  device: string;
  at: Date;
}) => Promise<void>;
