import test from 'ava';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../../lib/clients/database';
import { createAccounts, type AccountsDeps, type EmailDispatch } from '../../../services/accounts';
import { createAuditWriter } from '../../../lib/audit';
import type { CaptchaVerifier } from '../../../lib/auth/captcha';
import type { Config } from '../../../lib/config';
import { keyringFromConfig } from '../../../lib/crypto';
import { createLogger } from '../../../lib/logger';
import type { RevokeOptions } from '../../../services/sessions';
import { freshDatabase, type TestDatabase } from '../../helpers/databases';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../../helpers/redis-keys';

/** The test CAPTCHA: a challenge counts as solved when its token is `solved`. */
export const testCaptcha: CaptchaVerifier = { verify: (token) => Promise.resolve(token === 'solved') };

export interface RevokeCall {
  userId: string;
  options: RevokeOptions;
}

/** A clock the test moves by hand, so delays and expiries never depend on the machine's speed. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export interface AccountsHarness {
  db: TestDatabase;
  sequelize: Sequelize;
  redis: Redis;
  keyPrefix: string;
  deps: AccountsDeps;
  clock: TestClock;
  /** Sessions the services asked to revoke (the sessions engineer's store proves the mechanism). */
  revoked: RevokeCall[];
  /** email_outbox ids handed to dispatch, in order. */
  dispatched: string[];
}

/**
 * Registers the file's hooks: a private migrated database, the stack's KEK, the shared Redis
 * under a fresh key prefix, and account services on them with a hand-moved clock.
 */
export interface HarnessOptions {
  adjust?: (config: Config) => Config;
  /** Real delivery (the e2e test starts workflows); default: record the ids. */
  dispatch?: () => EmailDispatch;
  /**
   * The wall clock instead of the hand-moved one (HTTP tests: access tokens check real time);
   * `advance` then moves only the account services' clock ahead of it.
   */
  realClock?: boolean;
  /** 'configured': the platform's default challenge from config (altcha); default: testCaptcha. */
  captcha?: 'test' | 'configured';
}

export function accountsHarness(what: string, options: HarnessOptions = {}): AccountsHarness {
  const adjust = options.adjust ?? ((c: Config) => c);
  const h = { keyPrefix: uniquePrefix(what), revoked: [], dispatched: [] } as unknown as AccountsHarness;
  let current = Date.parse('2026-06-01T12:00:00.000Z');
  // The real clock moves by an offset: the account services' windows jump ahead while the
  // session layer (access tokens) keeps the wall clock.
  let ahead = 0;
  h.clock = options.realClock
    ? { now: () => new Date(Date.now() + ahead), advance: (ms) => (ahead += ms) }
    : { now: () => new Date(current), advance: (ms) => (current += ms) };
  test.serial.before(async () => {
    h.db = await freshDatabase();
    const config = adjust(h.db.config);
    h.sequelize = createSequelize(config, 'app');
    h.redis = await readyRedis();
    h.deps = createAccounts({
      config,
      sequelize: h.sequelize,
      keyring: keyringFromConfig(config, h.sequelize),
      redis: h.redis,
      audit: createAuditWriter(h.sequelize),
      sessions: {
        revokeUserSessions: (userId, options) => {
          h.revoked.push({ userId, options });
          return Promise.resolve(1);
        },
      },
      dispatchEmail: async (id) => {
        h.dispatched.push(id);
        await options.dispatch?.()(id);
      },
      ...(options.captcha === 'configured' ? {} : { captcha: testCaptcha }),
      logger: createLogger({ serviceName: 'travelhub-test', log: { level: 'warn' } }),
      keyPrefix: h.keyPrefix,
      now: h.clock.now,
    });
  });
  test.after.always(async () => {
    await h.deps?.background.drain();
    if (h.redis) {
      await deleteByPrefix(h.redis, h.keyPrefix);
      h.redis.disconnect();
    }
    await h.sequelize?.close();
    await h.db?.drop();
  });
  return h;
}
