import type { Context } from 'koa';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { isIP } from 'node:net';
import { newAuditEvent, type AuditWriter } from '../../lib/audit';
import { accessTokenVerifier } from '../../lib/auth/access-token-strategy';
import { loadJwtKeySet, type JwtKeySet } from '../../lib/auth/jwt-keys';
import type { Config } from '../../lib/config';
import { csrfTokens } from '../../lib/csrf';
import type { Logger } from '../../lib/logger';
import { isActor } from '../../lib/rbac';
import { createSessionService, type NewDeviceNotifier, type SessionService } from '../../services/sessions';
import { loadSessionSecrets, subkey } from '../../services/sessions/session-secret';
import { mapSecret, rotatingSecret, type RotatingSecret } from '../../lib/crypto/rotating-secret';
import { authenticateGuard, type AuthenticateDeps } from '../middleware/authenticate';
import { csrfGuard, type CsrfDeps } from '../middleware/csrf';
import type { RouteGuard } from '../routing/route';
import { sessionHttp, type SessionHttp } from './session-answer';

/** Everything about sessions the API composition wires: the service, its HTTP side and its guards. */
export interface SessionSecurity {
  sessions: SessionService;
  http: SessionHttp;
  /** Authentication, then CSRF: in this order, before the permission check of every route. */
  guards: RouteGuard[];
  authenticate: AuthenticateDeps;
  csrf: CsrfDeps;
  /** How long a session-bound CSRF cookie lives: as long as the refresh token can. */
  sessionLifetimeSeconds: number;
}

export interface SessionSecurityOptions {
  audit: Pick<AuditWriter, 'append'>;
  logger: Logger;
  /** SEC-SESS-06 port; the accounts notification workflow plugs in here. Default: a log line. */
  notifyNewDevice?: NewDeviceNotifier;
  /** Default: the secret files (jwt_signing_key, session_secret, session_secret_previous). */
  keys?: JwtKeySet;
  secret?: string | RotatingSecret<string>;
  clock?: () => number;
}

function routeOf(ctx: Context): string {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return (typeof route === 'string' ? route : ctx.path).slice(0, 200);
}

function originIp(ctx: Context): string {
  const ip: unknown = ctx.state.clientIp;
  return typeof ip === 'string' && isIP(ip) ? ip : '0.0.0.0';
}

function actorOf(ctx: Context) {
  const actor: unknown = ctx.state.actor;
  return isActor(actor)
    ? { type: actor.role === 'PLATFORM_ADMIN' ? ('admin' as const) : ('user' as const), id: actor.id }
    : { type: 'anonymous' as const, id: 'anonymous' };
}

export function sessionSecurity(
  config: Config,
  clients: { redis: Redis; sequelize: Sequelize },
  options: SessionSecurityOptions,
): SessionSecurity {
  const { audit, logger } = options;
  const keys = options.keys ?? loadJwtKeySet();
  const secret = rotatingSecret(options.secret ?? loadSessionSecrets());
  const notifyNewDevice: NewDeviceNotifier =
    options.notifyNewDevice ??
    (async (login) => {
      logger.info(
        { user_id: login.userId, session_id: login.sessionId },
        'new-device login (no notifier wired)',
      );
    });
  const sessions = createSessionService({
    ...clients,
    audit,
    settings: config.sessions,
    keys,
    deviceKey: mapSecret(secret, (s) => subkey(s, 'device')),
    notifyNewDevice,
    clock: options.clock,
    log: logger,
  });
  const tokens = csrfTokens(mapSecret(secret, (s) => subkey(s, 'csrf')));
  const authenticate: AuthenticateDeps = {
    verifyAccessToken: accessTokenVerifier(keys, config.sessions),
    sessions,
    onRejected: async (ctx, reason) => {
      await audit.append(
        newAuditEvent({
          type: 'session.token_rejected',
          actor: { type: 'anonymous', id: 'anonymous' },
          outcome: 'denied',
          originIp: originIp(ctx),
          resource: { type: 'route', id: `${ctx.method}:${routeOf(ctx)}`.slice(0, 128) },
          details: { reason, route: routeOf(ctx) },
        }),
      );
    },
  };
  const csrf: CsrfDeps = {
    tokens,
    allowedOrigins: config.sessions.allowedOrigins,
    onRefused: async (ctx, reason) => {
      await audit.append(
        newAuditEvent({
          type: 'csrf.refused',
          actor: actorOf(ctx),
          outcome: 'denied',
          originIp: originIp(ctx),
          resource: { type: 'route', id: `${ctx.method}:${routeOf(ctx)}`.slice(0, 128) },
          details: { reason, method: ctx.method, route: routeOf(ctx) },
        }),
      );
    },
  };
  return {
    sessions,
    http: sessionHttp({ sessions, tokens, clock: options.clock }),
    guards: [authenticateGuard(authenticate), csrfGuard(csrf)],
    authenticate,
    csrf,
    sessionLifetimeSeconds: config.sessions.refreshTtlSeconds,
  };
}
