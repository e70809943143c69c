import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { config as processConfig } from '../lib/config';
import { rootLogger, type Logger } from '../lib/logger';
import { createApp } from './app';
import { createClients, type Clients } from './api-clients';
import { createInternalApp } from './internal-app';
import { closeGracefully, listen } from './listen';
import { createMetrics } from './metrics';
import { dependencyChecks } from './readiness/dependency-checks';
import { createAuditWriter } from '../lib/audit';
import { platformGuards } from './security/platform-guards';
import { sessionSecurity } from './security/session-security';
import { composeAccounts } from './routes/accounts/compose-accounts';
import { composeWebhooks } from './routes/webhooks/compose-webhooks';
import { composeBookings } from './routes/bookings/compose-bookings';
import { benchRoutesFor } from './routes/bookings/bare-start-route';
import { composeRefunds } from './routes/refunds/compose-refunds';
import { composeReviews } from './routes/reviews/compose-reviews';
import { composePrivacy } from './routes/privacy/compose-privacy';
import { keyringFromConfig } from '../lib/crypto';
import { platformTemporalClient } from '../lib/clients/temporal';
import { KeyringPayloadCodec } from '../lib/temporal/payload-codec';
import { createSearchService } from '../services/search';

/** The address a server really listens on (port 0 in the config means any free port). */
function boundTo(server: Server): { host: string; port: number } {
  const { address, port } = server.address() as AddressInfo;
  return { host: address, port };
}

/** Extra time after the request timeout for answers to drain during shutdown. */
const SHUTDOWN_MARGIN_MS = 5_000;

function stopOnSignals(servers: Server[], clients: Clients, logger: Logger, graceMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, grace_ms: graceMs }, 'shutting down');
    Promise.all(servers.map((server) => closeGracefully(server, graceMs)))
      .then(() => clients.close())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * The API process: config, real clients, the app on config.api.host/port, /metrics on its own
 * internal listener (config.api.metricsHost/metricsPort), graceful shutdown.
 */
async function main(): Promise<void> {
  const config = processConfig();
  const logger = rootLogger();
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled rejection');
    process.exit(1);
  });
  const clients = createClients(config, logger);
  const guards = platformGuards(config, clients, logger);
  await guards.ready(config.outboundTimeoutMs);
  const metrics = createMetrics();
  const audit = createAuditWriter(clients.sequelize);
  // One keyring for the process: encrypted rows, the Temporal client's payloads and the codec
  // endpoint all read the same keys (and the same cache, so a rotation reaches them together).
  const keyring = keyringFromConfig(config, clients.sequelize);
  const temporal = platformTemporalClient(clients.temporal, config, keyring, clients.breakers.temporal);
  const composed = { ...clients, temporal };
  const rateLimit = guards.rateLimit;
  const accounts = composeAccounts(config, composed, { keyring, audit, logger, rateLimit });
  const sessions = sessionSecurity(config, clients, {
    audit,
    logger,
    notifyNewDevice: accounts.notifyNewDevice,
  });
  const bookings = composeBookings(config, composed, { keyring, audit, logger, rateLimit });
  const accountsApi = accounts.build(sessions.sessions);
  const refunds = composeRefunds(config, composed, {
    audit,
    accounts: accountsApi.accounts,
    idempotency: bookings.api.idempotency,
  });
  const app = createApp({
    config,
    logger,
    metrics,
    readiness: dependencyChecks(clients),
    middleware: guards.middleware,
    onAccessDenied: guards.onAccessDenied,
    sessions,
    accounts: accountsApi,
    webhooks: composeWebhooks(config, clients.sequelize, logger, bookings.paymentEvents),
    bookings: bookings.api,
    refunds,
    reviews: composeReviews(config, clients, {
      audit,
      rateLimit,
      idempotency: bookings.api.idempotency,
    }),
    privacy: composePrivacy(clients, {
      audit,
      accounts: accountsApi.accounts,
      sessions: sessions.sessions,
      rateLimit,
    }),
    temporalCodec: { codec: new KeyringPayloadCodec(keyring), audit },
    // bench/booking's ceiling only; production refuses the variable (lib/config/bench-routes.ts).
    extraRoutes: benchRoutesFor(config, bookings.api),
    search: {
      service: createSearchService({
        opensearch: clients.opensearch,
        redis: clients.redis,
        search: config.search,
      }),
      rateLimit: guards.rateLimit,
    },
  });
  const server = await listen(app, config.api);
  logger.info({ ...boundTo(server), env: config.env }, 'api listening');
  const { metricsHost: host, metricsPort: port, requestTimeoutMs } = config.api;
  const internal = await listen(createInternalApp({ config, logger, metrics }), {
    host,
    port,
    requestTimeoutMs,
  });
  logger.info(boundTo(internal), 'metrics listening');
  stopOnSignals([server, internal], clients, logger, config.api.requestTimeoutMs + SHUTDOWN_MARGIN_MS);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // The logger may be what failed (bad config): stderr is the only safe place left.
    console.error('api failed to start:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
