import test from 'ava';
import { ConfigError, UnsafeProductionConfigError, loadConfig } from '../../lib/config';
import { assertProductionReady } from '../../lib/config/production-guard';
import { productionEnv } from './helpers/production-env';
import { BARE_START_PATH, benchRoutesFor } from '../../api/routes/bookings/bare-start-route';
import type { BookingsApi } from '../../api/routes/bookings/bookings-api';

/*
 * Issue 20: bench/booking measures the booking accept against a bare-start route in the same API
 * process (api/routes/bookings/bare-start-route.ts), which skips the accept's limits, idempotency,
 * row and audit. Only BENCH_BARE_START_ROUTE=on mounts it, and production must refuse that.
 */

const ROUTE = 'BENCH_BARE_START_ROUTE';

test('SEC-CFG-01 production refuses to start with the benchmark-only route BENCH_BARE_START_ROUTE on', (t) => {
  const production = productionEnv(t);
  t.deepEqual(loadConfig(production).benchRoutes, {}, 'production without the route loads');

  const error = t.throws(() => loadConfig({ ...production, [ROUTE]: 'on' }));
  t.true(error instanceof UnsafeProductionConfigError, String(error));
  t.true(
    (error as UnsafeProductionConfigError).problems.some(
      (p) => p.includes(ROUTE) && p.includes('benchmark-only'),
    ),
    String(error),
  );

  // The guard on its own, whatever the parser let through: the line that holds in production.
  const patched = structuredClone(loadConfig(production));
  t.notThrows(() => assertProductionReady(patched, []));
  (patched.benchRoutes as { bareStart?: string }).bareStart = 'on';
  t.throws(() => assertProductionReady(patched, []), { message: new RegExp(ROUTE) });
});

test('outside production the bench route is off unless set, and takes only on', (t) => {
  for (const NODE_ENV of ['test', 'development']) {
    t.deepEqual(loadConfig({ NODE_ENV }).benchRoutes, {});
    t.deepEqual(loadConfig({ NODE_ENV, [ROUTE]: '' }).benchRoutes, {});
    t.deepEqual(loadConfig({ NODE_ENV, [ROUTE]: 'on' }).benchRoutes, { bareStart: 'on' });
    t.throws(() => loadConfig({ NODE_ENV, [ROUTE]: 'yes' }), {
      instanceOf: ConfigError,
      message: new RegExp(ROUTE),
    });
  }
});

test('the API mounts the bare-start route only when BENCH_BARE_START_ROUTE is on', (t) => {
  const api = {} as BookingsApi;
  t.deepEqual(benchRoutesFor(loadConfig({ NODE_ENV: 'test' }), api), []);
  const mounted = benchRoutesFor(loadConfig({ NODE_ENV: 'test', [ROUTE]: 'on' }), api);
  t.deepEqual(
    mounted.map((r) => [r.method, r.path, r.permission]),
    [['POST', BARE_START_PATH, 'book']],
  );
});
