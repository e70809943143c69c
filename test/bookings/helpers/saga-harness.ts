import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { createSmtpTransport, createStripeClient } from '../../../lib/clients';
import { createBookingsPoolActivities } from '../../../activities/bookings-pool';
import { createNotifyPoolActivities } from '../../../activities/notify-pool';
import { createPaymentsPoolActivities } from '../../../activities/payments-pool';
import { createSupplierAdapters } from '../../../activities/suppliers';
import { createSuppliersPoolActivities } from '../../../activities/suppliers-pool';
import { createSequelize } from '../../../lib/clients/database';
import { attachKeyring } from '../../../db/encrypted';
import { bookingModels } from '../../../db/models/booking-models';
import { identityModels } from '../../../db/models/identity';
import { createAuditWriter } from '../../../lib/audit';
import type { BookingsDeps } from '../../../services/bookings';
import type { Config } from '../../../lib/config';
import { keyringFromConfig } from '../../../lib/crypto';
import { createLogger } from '../../../lib/logger';
import type { Actor } from '../../../lib/rbac';
import { createTemporalClient } from '../../../lib/clients/temporal';
import { taskQueues, type TaskQueues } from '../../../lib/temporal/task-queues';
import { createWorker } from '../../../workers/bootstrap';
import { freshDatabase, type TestDatabase } from '../../helpers/databases';

/** The stack simulator's base (its control API lives at `/_control`). */
export function simUrl(): string {
  const url = process.env.SUPPLIER_URL;
  if (!url) throw new Error('SUPPLIER_URL is not set: run through scripts/with-env.sh');
  return url;
}

export interface SagaHarness {
  db: TestDatabase;
  config: Config;
  sequelize: Sequelize;
  client: Client;
  queues: TaskQueues;
  /** Requests to the stack simulator carry it, so fault rules stay this file's. */
  scope: string;
  deps(timeouts?: Partial<Config['bookings']>): BookingsDeps;
  customer(options?: { verified?: boolean }): Promise<Actor>;
  /** A verified BUSINESS_USER or BUSINESS_ADMIN of `companyId` (a new company when absent). */
  businessUser(
    role: 'BUSINESS_USER' | 'BUSINESS_ADMIN',
    companyId?: string,
  ): Promise<Actor & { companyId: string }>;
  fault(rule: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The saga on real pieces: a private migrated database, the stack's Temporal dev server with
 * the four pools' workers in this process on queues of their own, the stack's supplier
 * simulator (its requests scoped to this file) and Stripe (the recording proxy in front of
 * localstripe).
 */
export async function sagaHarness(): Promise<SagaHarness> {
  const db = await freshDatabase();
  const config = db.config;
  const sequelize = createSequelize(config, 'app');
  const keyring = keyringFromConfig(config, sequelize);
  attachKeyring(sequelize, keyring);
  const scope = `b-${randomBytes(6).toString('hex')}`;
  const queues = taskQueues(`b${randomBytes(5).toString('hex')}`);
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'error' } });
  const suppliers = createSupplierAdapters(config, { headers: { 'x-sim-scope': scope } });
  const transport = createSmtpTransport(config);
  const stops: (() => Promise<void>)[] = [];
  for (const options of [
    {
      pool: 'bookings' as const,
      workflowsPath: require.resolve('../../../workflows/bookings-pool'),
      activities: createBookingsPoolActivities({ sequelize }),
    },
    { pool: 'suppliers' as const, activities: createSuppliersPoolActivities(suppliers) },
    {
      pool: 'payments' as const,
      activities: createPaymentsPoolActivities({ stripe: createStripeClient(config), sequelize }),
    },
    {
      pool: 'notify' as const,
      activities: createNotifyPoolActivities({ transport, from: config.smtp.from, sequelize, keyring }),
    },
  ]) {
    const created = await createWorker({ ...options, taskQueue: queues[options.pool], config, logger });
    const running = created.worker.run();
    stops.push(async () => {
      created.worker.shutdown();
      await Promise.allSettled([running]);
      await created.connection.close();
    });
  }
  const client = await createTemporalClient(config);
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${simUrl()}/_control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`simulator control ${path}: ${res.status}`);
    return res.json();
  };
  const { User, Company } = identityModels(sequelize);
  return {
    db,
    config,
    sequelize,
    client,
    queues,
    scope,
    deps: (timeouts = {}) => ({
      models: bookingModels(sequelize),
      identity: { User },
      temporal: client,
      queues,
      timeouts: {
        paymentWaitSeconds: 30,
        paymentPollSeconds: 1,
        holdTtlSeconds: 600,
        cancelWindowSeconds: 1,
        cancellationQuoteTtlSeconds: 900,
        changeOfferTtlSeconds: 900,
        orphanAfterSeconds: 900,
        authorisationValiditySeconds: 604_800,
        captureMarginSeconds: 3_600,
        ...timeouts,
      },
      audit: createAuditWriter(sequelize),
      logger,
    }),
    async customer({ verified = true } = {}) {
      const user = await User.create({
        role: 'USER',
        email: `booker.${randomUUID()}@example.test`,
        email_verified_at: verified ? new Date() : null,
      });
      return { id: user.id, role: 'USER', sessionId: randomUUID() };
    },
    async businessUser(role, companyId) {
      const company = companyId ?? (await Company.create({ name: 'Acme Travel' })).id;
      const user = await User.create({
        role,
        company_id: company,
        email: `${role.toLowerCase()}.${randomUUID()}@example.test`,
        email_verified_at: new Date(),
      });
      return { id: user.id, role, companyId: company, sessionId: randomUUID() };
    },
    fault: async (rule) => void (await control('POST', '/faults', { ...rule, scope })),
    clearFaults: async () => void (await control('DELETE', `/faults?scope=${scope}`)),
    async close() {
      await client.connection.close();
      for (const stop of stops.reverse()) await stop();
      suppliers.shutdown();
      transport.close();
      await sequelize.close();
      await db.drop();
    },
  };
}
