/**
 * Sessions and tokens (SEC-SESS-01..07): the contract the login, account and admin code uses.
 * One SessionService per process, built by the API composition from its real clients.
 */

export type {
  IssuedSession,
  SessionService,
  LiveSession,
  NewDeviceNotifier,
  RevocationReason,
  RevokeOptions,
  SessionClient,
  SessionMode,
  SessionSummary,
  SessionUser,
} from './types';
export { createSessionService, type SessionDeps } from './session-service';
