import type { Sequelize } from 'sequelize';
import type { SealedTemporalClient } from '../../../lib/clients/temporal';
import type { AuditWriter } from '../../../lib/audit';
import type { Config } from '../../../lib/config';
import { taskQueues } from '../../../lib/temporal/task-queues';
import { assertStepUp, type AccountsDeps } from '../../../services/accounts';
import type { AppMiddleware } from '../../state';
import type { RefundsApi } from './refunds-api';

/**
 * The API process's refund services: its Temporal client, the audit writer, the account
 * services' step-up (SEC-AUTH-06, with its failure limits) for approvals above the threshold,
 * and the same idempotency middleware as the booking routes (SEC-IDEM-01).
 */
export function composeRefunds(
  config: Config,
  clients: { sequelize: Sequelize; temporal: SealedTemporalClient },
  options: { audit: AuditWriter; accounts: AccountsDeps; idempotency: AppMiddleware },
): RefundsApi {
  return {
    refunds: {
      sequelize: clients.sequelize,
      temporal: clients.temporal,
      queues: taskQueues(config.temporal.taskQueueSuffix),
      settings: config.refunds,
      audit: options.audit,
      stepUp: (actor, proof, origin) =>
        assertStepUp(options.accounts, actor, proof, 'refund_approval', origin),
    },
    idempotency: options.idempotency,
  };
}
