import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sequelize } from 'sequelize';
import { createOpenSearch, createRedis } from '../lib/clients';
import type { Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { aliasName, dropSearchIndices, ensureSearchIndices } from '../services/search';
import { plantedBooking } from '../test/bookings/helpers/planted-booking';
import { deleteByPrefix } from '../test/helpers/redis-keys';
import { bearerCustomers, benchApiEnv, startBenchApi } from './booking-api';
import type { BenchProcess } from './booking-processes';

export interface ReadLatencies {
  search: number[];
  booking: number[];
  failed: Record<string, number>;
}

export interface RotationReaders {
  api: BenchProcess;
  hotels: number;
  /** Latencies since the last take (the load runs from `start` on). */
  take(): Promise<ReadLatencies>;
  close(): Promise<void>;
}

/**
 * The read side of bench/key-rotation.ts: api/server.ts, unchanged, in its own process on the
 * bench's database (its KEK file, so it decrypts what the bench wrote and rotates), searching a
 * private copy of the stack's hotel index (reindexed under a fresh prefix: the stack's index is
 * only read) with its cache under that prefix; `customers` owners with a Bearer session and a
 * booking each; and the load process (bench/key-rotation-load.ts) reading through it.
 */
export async function startRotationReaders(opts: {
  dir: string;
  base: Config;
  sequelize: Sequelize;
  childEnv: NodeJS.ProcessEnv;
  customers: number;
}): Promise<RotationReaders> {
  const prefix = `benchrot${randomBytes(3).toString('hex')}`;
  const opensearch = createOpenSearch(opts.base);
  const redis = createRedis(
    opts.base,
    createLogger({ serviceName: 'bench-rotation', log: { level: 'error' } }),
  );
  const concrete = await ensureSearchIndices(opensearch, prefix);
  // This OpenSearch has no _reindex: scroll the stack's hotels and bulk-index them under the prefix.
  const scroll = opensearch.helpers.scrollSearch({
    index: aliasName(opts.base.search.indexPrefix, 'hotels'),
    size: 2_000,
    body: { query: { match_all: {} } },
  });
  for await (const page of scroll) {
    const hits = (page.body as { hits: { hits: { _id: string; _source: Record<string, unknown> }[] } }).hits
      .hits;
    const body = hits.flatMap((h) => [{ index: { _index: concrete.hotels, _id: h._id } }, h._source]);
    if (body.length > 0) await opensearch.bulk({ body });
  }
  await opensearch.indices.refresh({ index: concrete.hotels });
  const hotels = (await opensearch.count({ index: aliasName(prefix, 'hotels') })).body.count as number;

  const stack = { sequelize: opts.sequelize, childEnv: { ...opts.childEnv, SEARCH_INDEX_PREFIX: prefix } };
  const apiEnv = await benchApiEnv({ ...stack, suffix: `benchrot${prefix}` });
  const api = await startBenchApi({ dir: opts.dir }, apiEnv);
  const bearer = await bearerCustomers(stack, opts.customers, apiEnv);
  const reads = await Promise.all(
    bearer.tokens.map(async (token, i) => ({
      token,
      bookingId: await plantedBooking(opts.sequelize, bearer.userIds[i]!, null),
    })),
  );
  const cities = (
    JSON.parse(readFileSync(join(__dirname, '../tools/supplier-sim/seed/cities.json'), 'utf8')) as string[][]
  ).map((c) => c[0]!);
  const load: ChildProcess = fork(join(__dirname, 'key-rotation-load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_API_URL: apiEnv.url,
      BENCH_READS: JSON.stringify(reads),
      BENCH_CITIES: JSON.stringify(cities),
    },
  });
  await once(load, 'message');
  return {
    api,
    hotels,
    async take() {
      load.send({ take: true });
      const [answer] = (await once(load, 'message')) as [ReadLatencies];
      return answer;
    },
    async close() {
      load.send({ stop: true });
      await once(load, 'exit');
      await api.stop();
      await bearer.close();
      await dropSearchIndices(opensearch, prefix);
      await deleteByPrefix(redis, `search:${prefix}:`);
      redis.disconnect();
      await opensearch.close();
    },
  };
}
