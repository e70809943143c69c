import type { Actor, Role } from '../../lib/rbac';

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
  | 'account_deleted'
  /** Too many wrong passwords or MFA codes re-entered within one session (SEC-AUTH-04). */
  | 'step_up_failed';

export interface RevokeOptions {
  /** Keep this one (the caller's own session after a password or MFA change). */
  exceptSessionId?: string;
  /** End this one session only (and its refresh family), instead of all the user's. */
  onlySessionId?: string;
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

/**
 * Sessions and tokens (SEC-SESS-01..07): the contract the login, account and admin code uses.
 * One SessionService per process, built by the API composition from its real clients.
 */
export interface SessionService {
  /**
   * Call after the password (and MFA) are verified. Creates the Redis session (evicting the
   * user's oldest beyond 5), a refresh token family in Postgres, signs the access JWT, and on a
   * new device/network audits `auth.login.new_device` and calls the notifier. `mode` only
   * decides how the API answers (see api/security/session-answer.ts); the tokens are the same.
   */
  startSession(user: SessionUser, client: SessionClient, mode: SessionMode): Promise<IssuedSession>;
  /** Rotates a refresh token (SEC-SESS-03); reuse of a rotated one revokes its family. 401 otherwise. */
  refresh(refreshToken: string, client: SessionClient): Promise<IssuedSession>;
  /** The session (family) a refresh token belongs to, without using it: for the refresh route's CSRF check. */
  sessionOfRefreshToken(refreshToken: string): Promise<string | undefined>;
  /** The live session behind an access token's sid, touched (SEC-SESS-04); undefined when it has ended. */
  authenticate(sessionId: string): Promise<LiveSession | undefined>;
  /** Logout: ends the actor's current session. */
  endSession(actor: Actor, originIp: string): Promise<void>;
  /** SEC-SESS-05: the actor's own sessions, newest first. */
  listSessions(actor: Actor): Promise<SessionSummary[]>;
  /** Ends one of the actor's own sessions; another user's id answers 404. */
  revokeSession(actor: Actor, sessionId: string, originIp: string): Promise<void>;
  /** Ends every session of the actor except the current one; returns how many ended. */
  revokeOtherSessions(actor: Actor, originIp: string): Promise<number>;
  /** Needs `manage_sessions`; ends every session of `userId`; audited. */
  adminRevokeUserSessions(actor: Actor, userId: string, originIp: string): Promise<number>;
  /**
   * SEC-SESS-07 mechanism for trusted callers (password change/reset, MFA change, role change):
   * ends every session of the user except `exceptSessionId` (or only `onlySessionId`: too many
   * failed step-ups), revokes their refresh families and audits `session.revoked`. Returns how many sessions ended. The caller has checked permission.
   */
  revokeUserSessions(userId: string, options: RevokeOptions): Promise<number>;
}
