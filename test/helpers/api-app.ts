import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppDeps } from '../../api/app';
import { createClients, type Clients } from '../../api/api-clients';
import { closeGracefully, listen } from '../../api/listen';
import { dependencyChecks } from '../../api/readiness/dependency-checks';
import { loadConfig, type Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { httpRequest, type HttpAnswer, type HttpRequest } from './http-request';
import { LogCapture } from './log-capture';

export interface ApiAppOptions extends Partial<Pick<AppDeps, 'guards' | 'extraRoutes'>> {
  api?: Partial<Config['api']>;
  outboundTimeoutMs?: number;
  /** Variables over the process's for this app's configuration (e.g. a proxied dependency). */
  env?: NodeJS.ProcessEnv;
  /** Defaults to the real dependency checks over the app's own clients. */
  readiness?: (clients: Clients, config: Config) => AppDeps['readiness'];
}

export interface ApiApp {
  app: App;
  config: Config;
  clients: Clients;
  logs: LogCapture;
  url: string;
  server: Server;
  send(req: HttpRequest | string): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * The real app, built from the real configuration (scripts/with-env.sh) and real clients of the
 * running stack, listening on a free port, with its log records captured.
 */
export async function startApiApp(options: ApiAppOptions = {}): Promise<ApiApp> {
  const base = loadConfig(options.env ? { ...process.env, ...options.env } : process.env);
  const config: Config = {
    ...base,
    outboundTimeoutMs: options.outboundTimeoutMs ?? base.outboundTimeoutMs,
    api: { ...base.api, host: '127.0.0.1', port: 0, ...options.api },
  };
  const logs = new LogCapture();
  const logger = createLogger({ ...config, log: { level: 'trace' } }, logs);
  const clients = createClients(config, logger);
  // Its Redis has no offline queue: as api/server.ts does, wait until it is connected.
  if (clients.redis.status !== 'ready') await once(clients.redis, 'ready');
  const app = createApp({
    config,
    logger,
    readiness: options.readiness ? options.readiness(clients, config) : dependencyChecks(clients),
    guards: options.guards,
    extraRoutes: options.extraRoutes,
  });
  const server = await listen(app, config.api);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    config,
    clients,
    logs,
    url,
    server,
    send: (req) => httpRequest(url, typeof req === 'string' ? { path: req } : req),
    async close() {
      await closeGracefully(server, 1_000);
      await clients.close();
    },
  };
}
