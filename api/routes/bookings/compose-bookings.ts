import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { attachKeyring } from '../../../db/encrypted';
import { bookingModels } from '../../../db/models/booking-models';
import { identityModels } from '../../../db/models/identity';
import type { AuditWriter } from '../../../lib/audit';
import { bookingSignalPort } from '../../../services/bookings';
import type { Config } from '../../../lib/config';
import type { Keyring } from '../../../lib/crypto';
import { createIdempotencyStore } from '../../../lib/idempotency';
import type { PaymentEventPort } from '../../../services/payments/payment-events';
import type { Logger } from '../../../lib/logger';
import type { SealedTemporalClient } from '../../../lib/clients/temporal';
import { taskQueues } from '../../../lib/temporal/task-queues';
import { idempotency } from '../../middleware/idempotency';
import type { AppMiddleware } from '../../state';
import type { BookingsApi } from './bookings-api';

/**
 * The API process's booking services from its real clients: the process keyring (server.ts;
 * passengers are encrypted), its Temporal client for the saga, the idempotency store
 * (Redis in front of Postgres) and the platform's named rate limits. `paymentEvents` is the
 * webhook port that signals the booking workflows (SEC-PAY-03).
 */
export function composeBookings(
  config: Config,
  clients: { sequelize: Sequelize; redis: Redis; temporal: SealedTemporalClient },
  options: { keyring: Keyring; audit: AuditWriter; logger: Logger; rateLimit: BookingsApi['rateLimit'] },
): { api: BookingsApi; paymentEvents: PaymentEventPort } {
  attachKeyring(clients.sequelize, options.keyring);
  const models = bookingModels(clients.sequelize);
  const temporal = clients.temporal;
  const store = createIdempotencyStore({
    redis: clients.redis,
    sequelize: clients.sequelize,
    lockTtlMs: config.idempotency.lockTtlSeconds * 1000,
    logger: options.logger,
  });
  return {
    api: {
      bookings: {
        models,
        identity: { User: identityModels(clients.sequelize).User },
        temporal,
        queues: taskQueues(config.temporal.taskQueueSuffix),
        timeouts: config.bookings,
        audit: options.audit,
        logger: options.logger,
      },
      rateLimit: options.rateLimit,
      idempotency: idempotency(store, options.logger) as AppMiddleware,
    },
    paymentEvents: bookingSignalPort({ models, temporal }),
  };
}
