import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSearchIndexActivities,
  type SearchIndexDeps,
} from '../../../activities/search/search-activities';
import { createApp, type AppDeps } from '../../../api/app';
import { createOpenSearch, createRedis } from '../../../lib/clients';
import { closeGracefully, listen } from '../../../api/listen';
import { countedWithGlobal, createRateLimit } from '../../../api/middleware/rate-limit';
import type { AppMiddleware } from '../../../api/state';
import { dependencyChecks } from '../../../api/readiness/dependency-checks';
import { loadConfig, type Config } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import { createRateLimiter } from '../../../lib/rate-limit';
import { createSearchService, dropSearchIndices, ensureSearchIndices } from '../../../services/search';
import { inventorySyncWorkflow, type InventorySyncInput } from '../../../workflows/search/inventory-sync';
import { startMaintenanceWorker, type MaintenanceHarness } from '../../helpers/maintenance-worker';
import { newScope, startSimHarness, type SimHarness } from '../../suppliers/helpers/sim';
import { httpRequest, type HttpAnswer } from '../../helpers/http-request';
import { LogCapture } from '../../helpers/log-capture';

export interface SearchHarness {
  prefix: string;
  /** The simulator scope this harness's supplier requests carry: faults set on it are ours. */
  scope: string;
  config: Config;
  sim: SimHarness;
  deps: SearchIndexDeps;
  worker: MaintenanceHarness;
  url: string;
  /** Runs the inventory sync workflow through the real worker, with the sim scope's faults. */
  sync(input?: Partial<InventorySyncInput>): Promise<Awaited<ReturnType<typeof inventorySyncWorkflow>>>;
  get(path: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * A private search stack over the shared services: index aliases under a per-run prefix, a
 * supplier simulator of its own, a real maintenance worker with the search activities on its
 * own queue, and the real app (full chain) with search and limits under fresh Redis keys.
 */
export async function startSearchHarness(
  options: {
    hotels?: number;
    flights?: number;
    searchLimit?: number;
    /** Adds the platform's global per-IP limit (countedWithGlobal) at this many per minute. */
    globalLimit?: number;
    guards?: AppDeps['guards'];
  } = {},
): Promise<SearchHarness> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const scope = newScope();
  const sim = await startSimHarness({ hotels: options.hotels ?? 300, flights: options.flights ?? 3000 });
  const base = loadConfig();
  const simConfig = sim.config();
  const config: Config = {
    ...base,
    supplier: simConfig.supplier,
    search: { ...base.search, indexPrefix: prefix },
    rateLimits: {
      ...base.rateLimits,
      search: { ...base.rateLimits.search, limit: options.searchLimit ?? 100 },
      globalPerIp: {
        ...base.rateLimits.globalPerIp,
        limit: options.globalLimit ?? base.rateLimits.globalPerIp.limit,
      },
    },
    api: { ...base.api, host: '127.0.0.1', port: 0 },
  };
  const logger = createLogger({ ...config, log: { level: 'error' } }, new LogCapture());
  const opensearch = createOpenSearch(config);
  const redis = createRedis(config, logger);
  if (redis.status !== 'ready') await once(redis, 'ready');
  await ensureSearchIndices(opensearch, prefix);
  const suppliers = sim.suppliers(scope);
  const deps: SearchIndexDeps = {
    adapters: suppliers.adapters,
    opensearch,
    redis,
    search: config.search,
    pageSize: 100,
  };
  const worker = await startMaintenanceWorker(createSearchIndexActivities(deps), { logLevel: 'error' });
  const limiter = createRateLimiter({ redis, policies: config.rateLimits, keyPrefix: `rl-${prefix}` });
  const app = createApp({
    config,
    logger,
    guards: options.guards,
    middleware: options.globalLimit ? [countedWithGlobal({ limiter }, 'globalPerIp') as AppMiddleware] : [],
    readiness: dependencyChecks({
      sequelize: undefined as never,
      redis,
      temporal: undefined as never,
      opensearch,
    }),
    search: {
      service: createSearchService({ opensearch, redis, search: config.search }),
      rateLimit: createRateLimit({ limiter }),
    },
  });
  const server: Server = await listen(app, config.api);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let runs = 0;
  return {
    prefix,
    scope,
    config,
    sim,
    deps,
    worker,
    url,
    async sync(input = {}) {
      runs += 1;
      return worker.client.workflow.execute(inventorySyncWorkflow, {
        taskQueue: worker.queues.maintenance,
        workflowId: `inventory-sync-${prefix}-${runs}`,
        args: [{ taskQueues: { maintenance: worker.queues.maintenance }, ...input }],
        workflowExecutionTimeout: '5 minutes',
      });
    },
    get: (path, headers = {}) => httpRequest(url, { path, headers }),
    async close() {
      await closeGracefully(server, 1_000);
      await worker.stop();
      suppliers.shutdown();
      await dropSearchIndices(opensearch, prefix);
      await opensearch.close();
      await redis.quit();
      await sim.close();
    },
  };
}

/** A harness whose inventory is synced once (after `prepare`, e.g. simulator changes); a failed sync stops the file. */
export async function startSyncedSearchHarness(
  options: Parameters<typeof startSearchHarness>[0],
  prepare?: (h: SearchHarness) => Promise<void>,
): Promise<SearchHarness> {
  const h = await startSearchHarness(options);
  try {
    await prepare?.(h);
    const result = await h.sync();
    if (result.failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(result.failed)}`);
    return h;
  } catch (err) {
    await h.close();
    throw err;
  }
}
