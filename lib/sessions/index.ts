/**
 * Sessions and tokens (SEC-SESS-01..07): the contract the login, account and admin code uses.
 * One SessionService per process, built by the API composition from its real clients.
 */
import type { Actor } from '../rbac';
import type {
  IssuedSession,
  LiveSession,
  RevokeOptions,
  SessionClient,
  SessionMode,
  SessionSummary,
  SessionUser,
} from './types';

export type {
  IssuedSession,
  LiveSession,
  NewDeviceNotifier,
  RevocationReason,
  RevokeOptions,
  SessionClient,
  SessionMode,
  SessionSummary,
  SessionUser,
} from './types';
export { createSessionService, type SessionDeps } from './service';

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
   * ends every session of the user except `exceptSessionId`, revokes their refresh families and
   * audits `session.revoked`. Returns how many sessions ended. The caller has checked permission.
   */
  revokeUserSessions(userId: string, options: RevokeOptions): Promise<number>;
}
