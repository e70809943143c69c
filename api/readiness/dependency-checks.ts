import type { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import type { Connection } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import type { ReadinessCheck, ReadinessChecks } from './readiness';

/** grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING */
const GRPC_SERVING = 1;

export function postgresCheck(sequelize: Sequelize): ReadinessCheck {
  return async () => {
    await sequelize.authenticate({ logging: false });
  };
}

export function redisCheck(redis: Redis): ReadinessCheck {
  return async () => {
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`redis answered ${answer} to PING`);
  };
}

export function temporalCheck(connection: Connection): ReadinessCheck {
  return async (signal) => {
    const answer = await connection.withAbortSignal(signal, () => connection.healthService.check({}));
    if (answer.status !== GRPC_SERVING) throw new Error(`temporal health status ${String(answer.status)}`);
  };
}

export function opensearchCheck(client: OpenSearchClient): ReadinessCheck {
  return async () => {
    const { body } = await client.cluster.health();
    if (body.status === 'red') throw new Error('opensearch cluster is red');
  };
}

export interface DependencyClients {
  sequelize: Sequelize;
  redis: Redis;
  temporal: Connection;
  opensearch: OpenSearchClient;
}

/** The checks behind GET /readyz: every store and service a request may need. */
export function dependencyChecks(clients: DependencyClients): ReadinessChecks {
  return {
    postgres: postgresCheck(clients.sequelize),
    redis: redisCheck(clients.redis),
    temporal: temporalCheck(clients.temporal),
    opensearch: opensearchCheck(clients.opensearch),
  };
}
