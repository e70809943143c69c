/**
 * One API process of bench/search.ts: the platform app with its full chain over the bench's
 * indices, and the bare Koa route, each on a port shared with the other API processes
 * (SO_REUSEPORT, the kernel spreads the connections), as a host with several cores runs several
 * API processes. Driven by its parent over IPC:
 *   → { ready: true }                      once both servers listen
 *   ← { profile: 'start' } / { profile: 'stop', file }   V8 CPU profile of this process
 *   → { profiled: ProfileSummary }         after a stop
 *   ← { took: 'take' } → { took: SearchTimes }  OpenSearch `took` and round trips since the last take
 *   ← { stop: true }                       closes and exits
 * Environment: the bench's, plus BENCH_SEARCH_PREFIX, BENCH_API_PORT, BENCH_BARE_PORT.
 */
import { once } from 'node:events';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import Koa from 'koa';
import { createApp } from '../api/app';
import { createOpenSearch, createRedis } from '../lib/clients';
import { listen } from '../api/listen';
import { countedWithGlobal, createRateLimit } from '../api/middleware/rate-limit';
import type { AppMiddleware } from '../api/state';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createRateLimiter } from '../lib/rate-limit';
import { createSearchService } from '../services/search';
import { recordTook, summariseProfile } from './search-probes';

const prefix = process.env.BENCH_SEARCH_PREFIX!;
const apiPort = Number(process.env.BENCH_API_PORT);
const barePort = Number(process.env.BENCH_BARE_PORT);
const sink = new Writable({ write: (_c, _e, done) => done() });

async function main() {
  const base = loadConfig();
  const config = {
    ...base,
    search: { ...base.search, indexPrefix: prefix },
    api: { ...base.api, host: '127.0.0.1', port: apiPort, trustedProxies: ['127.0.0.1/32'] },
  };
  const logger = createLogger({ ...config, log: { level: 'info' } }, sink);
  const redis = createRedis(config, logger);
  if (redis.status !== 'ready') await once(redis, 'ready');
  const searched = createOpenSearch(config);
  const took = recordTook(searched);
  const limiter = createRateLimiter({ redis, policies: config.rateLimits, keyPrefix: `rl-${prefix}` });
  const rateLimit = createRateLimit({ limiter });
  // As api/security/platform-guards.ts: an anonymous search's own limit counted with the global one.
  const app = createApp({
    config,
    logger,
    readiness: {},
    middleware: [countedWithGlobal({ limiter }, 'globalPerIp') as AppMiddleware],
    search: {
      service: createSearchService({ opensearch: searched, redis, search: config.search }),
      rateLimit,
    },
  });
  const bare = Object.assign(new Koa(), { onClientError: app.onClientError });
  bare.use((ctx) => {
    ctx.body = { ok: true };
  });
  const shared = { reusePort: true };
  await Promise.all([
    listen(app, config.api, shared),
    listen(bare, { ...config.api, port: barePort }, shared),
  ]);

  const session = new Session();
  session.connect();
  process.on('message', (message: Record<string, unknown>) => {
    void (async () => {
      if (message.profile === 'start') {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
      } else if (message.profile === 'stop') {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(String(message.file), JSON.stringify(profile));
        process.send!({ profiled: summariseProfile(profile) });
      } else if (message.took === 'take') {
        process.send!({ took: { took: took.took.splice(0), roundTripMs: took.roundTripMs.splice(0) } });
      } else if (message.stop) {
        session.disconnect();
        await Promise.all([searched.close(), redis.quit()]);
        process.exit(0);
      }
    })();
  });
  process.send!({ ready: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
