import test from 'ava';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { QueryTypes } from 'sequelize';
import { createApp } from '../../../api/app';
import { closeGracefully, listen } from '../../../api/listen';
import {
  sessionSecurity,
  type SessionSecurity,
  type SessionSecurityOptions,
} from '../../../api/security/session-security';
import type { RouteDeclaration } from '../../../api/routing';
import { createAuditWriter } from '../../../lib/audit';
import { jwtKeySetFromPem, type JwtKeySet } from '../../../lib/auth/jwt-keys';
import { loadConfig, type Config } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import type { NewDeviceNotifier, SessionUser } from '../../../services/sessions';
import { httpRequest, type HttpAnswer, type HttpRequest } from '../../helpers/http-request';
import { LogCapture } from '../../helpers/log-capture';
import { privateStores, type PrivateStores } from '../../helpers/private-stores';

/** A fresh ES256 key pair as PEM, per test run (never a key from the stack's secrets). */
export function newEs256Pem(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface TestClock {
  now: number;
  advance(ms: number): void;
}

export interface AuditRow {
  event_type: string;
  actor_type: string;
  actor_id: string;
  outcome: string;
  resource_type: string;
  resource_id: string;
  canonical: string;
}

export interface Served {
  url: string;
  send(req: HttpRequest): Promise<HttpAnswer>;
  close(): Promise<void>;
}

interface SecurityOptions {
  redis?: Redis;
  keys?: JwtKeySet;
  secret?: SessionSecurityOptions['secret'];
}

export interface SessionFixture {
  stores: PrivateStores;
  config: Config;
  keys: JwtKeySet;
  secret: string;
  clock: TestClock;
  notified: Parameters<NewDeviceNotifier>[0][];
  /**
   * Session security over the file's private database and Redis prefix (built once, unless other
   * keys or session secrets are given: a process restarted with them).
   */
  security(options?: SecurityOptions): SessionSecurity;
  /** The real app with these sessions, listening on a free port. */
  serve(options?: SecurityOptions & { extraRoutes?: RouteDeclaration[] }): Promise<Served>;
  auditRows(type: string): Promise<AuditRow[]>;
}

export function newUser(role: SessionUser['role'] = 'USER'): SessionUser {
  return { id: randomUUID(), role };
}

/**
 * One test file's sessions world: a private migrated database, its own Redis key prefix on the
 * shared Redis, fresh signing keys and secret, a clock the tests move, and notifications recorded.
 */
export function sessionFixture(what: string): SessionFixture {
  const stores = privateStores(what);
  const pem = newEs256Pem();
  const clock: TestClock = {
    now: Date.now(),
    advance(ms) {
      this.now += ms;
    },
  };
  // Each test starts on real time: access tokens are checked against the real clock.
  test.beforeEach(() => {
    clock.now = Date.now();
  });
  const notified: SessionFixture['notified'] = [];
  let built: SessionSecurity | undefined;
  const fixture: SessionFixture = {
    stores,
    keys: jwtKeySetFromPem(pem.privatePem),
    secret: randomBytes(32).toString('hex'),
    clock,
    notified,
    get config(): Config {
      const base = loadConfig();
      return {
        ...stores.db.config,
        sessions: { ...base.sessions, redisPrefix: stores.keyPrefix },
      };
    },
    security(options = {}) {
      const make = () =>
        sessionSecurity(
          fixture.config,
          { redis: options.redis ?? stores.redis, sequelize: stores.sequelize },
          {
            audit: createAuditWriter(stores.sequelize),
            logger: createLogger({ serviceName: 'sessions-test', log: { level: 'fatal' } }, new LogCapture()),
            keys: options.keys ?? fixture.keys,
            secret: options.secret ?? fixture.secret,
            clock: () => clock.now,
            notifyNewDevice: async (login) => void notified.push(login),
          },
        );
      if (options.redis || options.keys || options.secret) return make();
      built ??= make();
      return built;
    },
    async serve(options = {}) {
      const config = { ...fixture.config, api: { ...fixture.config.api, host: '127.0.0.1', port: 0 } };
      const logger = createLogger({ ...config, log: { level: 'fatal' } }, new LogCapture());
      const app = createApp({
        config,
        logger,
        readiness: {},
        sessions: fixture.security(options),
        extraRoutes: options.extraRoutes,
      });
      const server: Server = await listen(app, config.api);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return {
        url,
        send: (req) => httpRequest(url, req),
        close: () => closeGracefully(server, 1_000),
      };
    },
    async auditRows(type) {
      return stores.sequelize.query<AuditRow>(
        `SELECT event_type, actor_type, actor_id, outcome, resource_type, resource_id, canonical
           FROM audit_events WHERE event_type = :type ORDER BY sequence`,
        { replacements: { type }, type: QueryTypes.SELECT },
      );
    },
  };
  return fixture;
}

/** `name=value` pairs of the Set-Cookie headers, and the raw header lines by cookie name. */
export function setCookies(answer: HttpAnswer): Map<string, { value: string; line: string }> {
  const lines = answer.headers['set-cookie'] ?? [];
  const cookies = new Map<string, { value: string; line: string }>();
  for (const line of lines) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    cookies.set(pair.slice(0, eq), { value: pair.slice(eq + 1), line });
  }
  return cookies;
}

/** A Cookie header from name → value. */
export function cookieHeader(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}
