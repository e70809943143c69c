import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { auditingDenials, type AuditWriter } from '../../lib/audit';
import { signAccessToken } from '../../lib/auth/access-token';
import type { JwtKeySet } from '../../lib/auth/jwt-keys';
import type { SessionsConfig } from '../../lib/config/sessions';
import type { RotatingSecret } from '../../lib/crypto/rotating-secret';
import { AppError, errors } from '../../lib/errors';
import { assertCan, isActor, type Actor, type Role } from '../../lib/rbac';
import { loggedOut, newDeviceLogin, sessionsRevoked, tokenReuse } from './session-audit';
import { deviceLabel } from './device-label';
import type { SessionService } from './types';
import { rememberDevice } from './known-devices';
import { isRefreshTokenShape, refreshTokens } from './refresh-tokens';
import { redisSessionStore, type SessionStore } from './session-store';
import type { IssuedSession, NewDeviceNotifier, RevokeOptions, SessionClient, SessionUser } from './types';

export interface SessionDeps {
  redis: Redis;
  sequelize: Sequelize;
  audit: Pick<AuditWriter, 'append'>;
  settings: SessionsConfig;
  keys: JwtKeySet;
  /**
   * HMAC key of device fingerprints: `subkey(session_secret, 'device')`; during a rotation of the
   * session secret, the current and previous subkeys (SEC-CFG-02).
   */
  deviceKey: Buffer | RotatingSecret<Buffer>;
  notifyNewDevice?: NewDeviceNotifier;
  /** ms since the epoch; tests move it to cross the inactivity and absolute limits. */
  clock?: () => number;
  log?: { warn(fields: object, msg: string): void };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_USER_AGENT = 512;

/** SEC-SESS-04: administrators' sessions end after 12 h, everyone else's after 7 days. */
function isAdministrator(role: Role): boolean {
  return role === 'PLATFORM_ADMIN' || role === 'BUSINESS_ADMIN';
}

/**
 * SEC-SESS-04 / SEC-ERR-03: the session store is part of every authorization decision, so when
 * Redis fails the request is refused with 503, never let through and never a 500.
 */
async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw errors.unavailable();
  }
}

function requireUser(user: SessionUser): void {
  if (!UUID.test(user.id) || (user.companyId !== undefined && !UUID.test(user.companyId))) {
    throw new Error('startSession: user and company ids must be UUIDs');
  }
}

export function createSessionService(deps: SessionDeps): SessionService {
  const { settings, audit } = deps;
  const clock = deps.clock ?? Date.now;
  const store: SessionStore = redisSessionStore(deps.redis, {
    prefix: settings.redisPrefix,
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    maxPerUser: settings.maxPerUser,
    longestLifetimeSeconds: Math.max(settings.customerLifetimeSeconds, settings.adminLifetimeSeconds),
  });
  const families = refreshTokens(deps.sequelize);

  const accessFor = (userId: string, sessionId: string, nowMs: number) =>
    signAccessToken(deps.keys, settings, { userId, sessionId }, nowMs);

  async function endFamilies(userId: string, sessionIds: string[], reason: string, now: Date) {
    for (const familyId of sessionIds) await families.revokeFamilies({ userId, familyId }, reason, now);
  }

  async function noticeDevice(user: SessionUser, sessionId: string, client: SessionClient, device: string) {
    const at = new Date(clock());
    const verdict = await rememberDevice(deps.sequelize, deps.deviceKey, {
      userId: user.id,
      device,
      ip: client.ip,
      at,
    });
    if (verdict !== 'new') return;
    await audit.append(newDeviceLogin(user.id, sessionId, client.ip, device));
    try {
      await deps.notifyNewDevice?.({ userId: user.id, sessionId, ip: client.ip, device, at });
    } catch (err) {
      // The login stands and the audit event is written; a lost email must still leave a trace.
      deps.log?.warn({ err, session_id: sessionId }, 'new-device notification failed');
    }
  }

  async function revokeUserSessions(userId: string, options: RevokeOptions): Promise<number> {
    const now = new Date(clock());
    const only = options.onlySessionId;
    const ended = await storeCall(() =>
      store.end(userId, only ? { only } : { except: options.exceptSessionId }),
    );
    await families.revokeFamilies(
      only ? { userId, familyId: only } : { userId, exceptFamilyId: options.exceptSessionId },
      options.reason,
      now,
    );
    const who = options.actor ?? { type: 'user' as const, id: userId };
    await audit.append(sessionsRevoked(userId, who, options.originIp, options.reason, ended.length));
    return ended.length;
  }

  function requireSessionActor(actor: Actor): asserts actor is Actor & { sessionId: string } {
    if (!isActor(actor) || !actor.sessionId) throw errors.authenticationRequired();
  }

  return {
    async startSession(user, client, _mode): Promise<IssuedSession> {
      requireUser(user);
      const nowMs = clock();
      const sessionId = randomUUID();
      const lifetime = isAdministrator(user.role)
        ? settings.adminLifetimeSeconds
        : settings.customerLifetimeSeconds;
      const absoluteEndMs = nowMs + lifetime * 1000;
      const device = deviceLabel(client.userAgent.slice(0, MAX_USER_AGENT));
      const evicted = await storeCall(() =>
        store.create({
          sessionId,
          userId: user.id,
          role: user.role,
          companyId: user.companyId,
          ip: client.ip,
          device,
          createdAtMs: nowMs,
          lastSeenAtMs: nowMs,
          absoluteEndMs,
        }),
      );
      const now = new Date(nowMs);
      const refreshExpiresAt = new Date(Math.min(nowMs + settings.refreshTtlSeconds * 1000, absoluteEndMs));
      let refreshToken: string;
      try {
        refreshToken = await families.startFamily(sessionId, user.id, refreshExpiresAt);
        if (evicted.length > 0) {
          await endFamilies(user.id, evicted, 'evicted', now);
          await audit.append(
            sessionsRevoked(
              user.id,
              { type: 'system', id: 'sessions' },
              undefined,
              'evicted',
              evicted.length,
            ),
          );
        }
        await noticeDevice(user, sessionId, client, device);
      } catch (err) {
        // No half-started session: a login that fails here leaves no live session behind.
        await store.end(user.id, { only: sessionId }).catch(() => undefined);
        await families
          .revokeFamilies({ userId: user.id, familyId: sessionId }, 'login_failed', now)
          .catch(() => 0);
        throw err;
      }
      const access = accessFor(user.id, sessionId, nowMs);
      return {
        sessionId,
        accessToken: access.token,
        refreshToken,
        accessExpiresAt: access.expiresAt,
        refreshExpiresAt,
      };
    },

    async refresh(token, client) {
      if (!isRefreshTokenShape(token)) throw errors.authenticationRequired();
      const nowMs = clock();
      const outcome = await families.rotate(token, new Date(nowMs), async (familyId) =>
        Boolean(await storeCall(() => store.touch(familyId, nowMs))),
      );
      if (outcome.kind === 'reused') {
        await storeCall(() => store.end(outcome.userId, { only: outcome.familyId }));
        await audit.append(tokenReuse(outcome.userId, outcome.familyId, client.ip));
      }
      if (outcome.kind !== 'rotated') throw errors.authenticationRequired();
      const access = accessFor(outcome.userId, outcome.familyId, nowMs);
      return {
        sessionId: outcome.familyId,
        accessToken: access.token,
        refreshToken: outcome.token,
        accessExpiresAt: access.expiresAt,
        refreshExpiresAt: outcome.expiresAt,
      };
    },

    async sessionOfRefreshToken(token) {
      return isRefreshTokenShape(token) ? families.familyOf(token) : undefined;
    },

    authenticate(sessionId) {
      return storeCall(() => store.touch(sessionId, clock()));
    },

    async endSession(actor, originIp) {
      requireSessionActor(actor);
      await storeCall(() => store.end(actor.id, { only: actor.sessionId }));
      await families.revokeFamilies(
        { userId: actor.id, familyId: actor.sessionId },
        'logout',
        new Date(clock()),
      );
      await audit.append(loggedOut(actor.id, actor.sessionId, originIp));
    },

    async listSessions(actor) {
      requireSessionActor(actor);
      const sessions = await storeCall(() => store.listForUser(actor.id));
      return sessions
        .sort((a, b) => b.createdAtMs - a.createdAtMs)
        .map((s) => ({
          id: s.sessionId,
          device: s.device,
          ip: s.ip,
          createdAt: new Date(s.createdAtMs).toISOString(),
          lastSeenAt: new Date(s.lastSeenAtMs).toISOString(),
          current: s.sessionId === actor.sessionId,
        }));
    },

    async revokeSession(actor, sessionId, originIp) {
      requireSessionActor(actor);
      // Only ids in the actor's own index can end: anyone else's answers 404, like an unknown id.
      const ended = await storeCall(() => store.end(actor.id, { only: sessionId }));
      if (ended.length === 0) throw errors.notFound('Session');
      await endFamilies(actor.id, ended, 'user_revoked', new Date(clock()));
      await audit.append(
        sessionsRevoked(actor.id, { type: 'user', id: actor.id }, originIp, 'user_revoked', 1),
      );
    },

    revokeOtherSessions(actor, originIp) {
      requireSessionActor(actor);
      return revokeUserSessions(actor.id, {
        exceptSessionId: actor.sessionId,
        reason: 'user_revoked',
        actor: { type: 'user', id: actor.id },
        originIp,
      });
    },

    adminRevokeUserSessions(actor, userId, originIp) {
      const action = 'sessions.admin_revoke';
      const denials = {
        audit,
        actor,
        origin: { ip: originIp },
        resource: UUID.test(userId) ? { type: 'user', id: userId } : { type: 'service', id: action },
        action,
        log: { error: (fields: object, msg: string) => deps.log?.warn(fields, msg) },
      };
      return auditingDenials(denials, async () => {
        assertCan(actor, 'manage_sessions');
        if (!UUID.test(userId)) throw errors.notFound('User');
        return revokeUserSessions(userId, {
          reason: 'admin',
          actor: { type: 'admin', id: actor.id },
          originIp,
        });
      });
    },

    revokeUserSessions,
  };
}
