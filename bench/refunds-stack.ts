import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
// Registers yup's .description(), which the session answer schemas use, as the API's routing does.
import '../api/routing/schema-docs';
import { sessionSecurity } from '../api/security/session-security';
import { attachKeyring, keyringOf } from '../db/encrypted';
import { createMigrator } from '../db/migrator';
import { createAuditWriter } from '../lib/audit';
import { createSequelize, createStripeClient, failFastRedis } from '../lib/clients';
import { createTemporalClient } from '../lib/clients/temporal';
import { loadConfig, type Config } from '../lib/config';
import { keyringFromConfig } from '../lib/crypto';
import { createLogger } from '../lib/logger';
import { taskQueues, type TaskQueues } from '../lib/temporal/task-queues';
import { createAccounts } from '../services/accounts';
import { createUser, enrolMfa } from '../test/accounts/helpers/accounts-data';
import { deleteByPrefix, uniquePrefix } from '../test/helpers/redis-keys';
import { createPaymentMethod, TEST_CARDS } from '../test/payments/helpers/stripe-stack';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { spawnReady, type BenchProcess } from './booking-processes';
import { privateBenchEnv } from './booking-stack';
import { startPrivateTemporal } from './private-temporal';
import { plantPayments, type PlantedPayment } from './reconciliation-plant';

export interface Approver {
  id: string;
  token: string;
  totpSecret: string;
}

export interface RefundsBenchStack {
  apiUrl: string;
  api: BenchProcess;
  /** The bookings, payments and notify pools' own entry points (workers/*.ts). */
  pools: BenchProcess[];
  temporalPid: number;
  client: Client;
  queues: TaskQueues;
  config: Config;
  sequelize: Sequelize;
  /** PLATFORM_ADMINs with Bearer sessions: the support agents who ask for refunds. */
  requesters: string[];
  /** PLATFORM_ADMINs with MFA enrolled and Bearer sessions, each approving one refund. */
  approvers: Approver[];
  /** CONFIRMED bookings paid `amountMinor`, captured at Stripe (localstripe). */
  bookings: PlantedPayment[];
  close(keepLogs: boolean): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

const POLLING = /worker polling/;
const ROOT = join(__dirname, '..');

/**
 * The refund path's real processes on private pieces: a database cloned from the template, a
 * Temporal dev server of the bench's own, workers/bookings.ts, payments.ts and notify.ts and
 * api/server.ts (trusted proxy 127.0.0.1, sessions under a private Redis prefix, every limit at
 * its configured value), on the stack's Postgres, Redis and localstripe (behind the recording
 * proxy). `bookings` paid bookings with their charges captured at localstripe, `approvers` admins.
 */
export async function startRefundsBench(
  bookings: number,
  amountMinor: number,
  requesters: number,
  approvers: number,
): Promise<RefundsBenchStack> {
  const { dir, db, childEnv } = await privateBenchEnv('refunds');
  const owner = createSequelize(db.config, 'owner');
  await createMigrator(owner).up(); // the shared template may predate the refund tables
  await owner.close();
  const temporal = await startPrivateTemporal(dir);
  const suffix = `bench${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env = {
    ...childEnv,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE_SUFFIX: suffix,
    API_PORT: String(port),
    API_METRICS_PORT: '0',
    TRUSTED_PROXIES: '127.0.0.1/32',
    SESSION_REDIS_PREFIX: uniquePrefix('bench-refund-sessions'),
  };
  const started = await Promise.allSettled([
    ...['bookings', 'payments', 'notify'].map((pool) =>
      spawnReady(`pool-${pool}`, join(ROOT, 'workers', `${pool}.ts`), [], env, dir, POLLING),
    ),
    spawnReady('api', join(ROOT, 'api/server.ts'), [], env, dir, /api listening/),
  ]);
  const procs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.process] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(procs.map((p) => p.stop()));
    await temporal.stop();
    await db.drop();
    throw (failed as PromiseRejectedResult).reason;
  }
  const config = loadConfig(env);
  const sequelize = createSequelize(config, 'app');
  attachKeyring(sequelize, keyringFromConfig(config, sequelize));
  const redis = failFastRedis(config.redis);
  if (redis.status !== 'ready') await once(redis, 'ready');
  const audit = createAuditWriter(sequelize);
  const logger = createLogger({ serviceName: 'bench-refunds', log: { level: 'error' } });
  const accountsPrefix = uniquePrefix('bench-refund-accounts');
  const accounts = createAccounts({
    config,
    sequelize,
    keyring: keyringOf(sequelize),
    redis,
    audit,
    sessions: { revokeUserSessions: () => Promise.resolve(0) },
    dispatchEmail: () => Promise.resolve(),
    captcha: { verify: () => Promise.resolve(true) },
    logger,
    keyPrefix: accountsPrefix,
  });
  const security = sessionSecurity(config, { redis, sequelize }, { audit, logger });
  const session = async (id: string) =>
    (
      await security.sessions.startSession(
        { id, role: 'PLATFORM_ADMIN' },
        { ip: '198.18.0.1', userAgent: 'bench-refunds' },
        'bearer',
      )
    ).accessToken;

  const admins: Approver[] = [];
  for (let i = 0; i < requesters + approvers; i += 1) {
    const user = await createUser(accounts, { role: 'PLATFORM_ADMIN' });
    const { secret } = await enrolMfa(accounts, user);
    admins.push({ id: user.id, token: await session(user.id), totpSecret: secret });
  }

  // Charges captured at localstripe (through the recording proxy), then their bookings and
  // payments written as the saga leaves them.
  const stripe = createStripeClient(config);
  const pm = await createPaymentMethod(TEST_CARDS.succeeds);
  const intents: Array<{ intentId: string; amountMinor: number; bookingId: string }> = [];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (intents.length < bookings) {
        const bookingId = randomUUID();
        const slot = intents.push({ intentId: '', amountMinor, bookingId }) - 1;
        // As the platform creates it: the booking in its metadata, which the read-back checks.
        const intent = await stripe.paymentIntents.create({
          amount: amountMinor,
          currency: 'eur',
          payment_method: pm,
          confirm: true,
          metadata: { booking_id: bookingId },
        });
        intents[slot]!.intentId = intent.id;
      }
    }),
  );
  const planted = await plantPayments(sequelize, keyringOf(sequelize), intents, new Date(), pm);
  const client = await createTemporalClient(config);
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    api: procs[3]!,
    pools: procs.slice(0, 3),
    temporalPid: temporal.pid,
    client,
    queues: taskQueues(suffix),
    config,
    sequelize,
    requesters: admins.slice(0, requesters).map((a) => a.token),
    approvers: admins.slice(requesters),
    bookings: planted,
    async close(keepLogs) {
      await Promise.all(procs.map((p) => p.stop()));
      await client.connection.close();
      await temporal.stop();
      await accounts.background.drain();
      await deleteByPrefix(redis, config.sessions.redisPrefix);
      await deleteByPrefix(redis, accountsPrefix);
      redis.disconnect();
      await sequelize.close();
      await db.drop();
      if (!keepLogs) {
        const { rmSync } = await import('node:fs');
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
