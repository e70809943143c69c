import test from 'ava';
import { ConfigError, UnsafeProductionConfigError, loadConfig } from '../../lib/config';
import { assertProductionReady } from '../../lib/config/production-guard';
import { productionEnv } from './helpers/production-env';

/*
 * Issue 20.1: the crash test lands an API crash between a booking's insert and its saga's start
 * through a fault hook (lib/config/test-faults.ts, lib/test-faults/fault-point.ts). A hook that
 * kills the process must never be switchable in production.
 */

const HOOK = 'TEST_FAULT_AFTER_BOOKING_INSERT';

test('SEC-CFG-01 production refuses to start with the crash test fault hook TEST_FAULT_AFTER_BOOKING_INSERT set', (t) => {
  const production = productionEnv(t);
  t.deepEqual(loadConfig(production).testFaults, {}, 'production without the hook loads');

  const error = t.throws(() => loadConfig({ ...production, [HOOK]: 'kill' }));
  t.true(error instanceof UnsafeProductionConfigError, String(error));
  t.true(
    (error as UnsafeProductionConfigError).problems.some((p) => p.includes(HOOK) && p.includes('test-only')),
    String(error),
  );

  // The guard on its own, whatever the parser let through: the line that holds in production.
  const patched = structuredClone(loadConfig(production));
  t.notThrows(() => assertProductionReady(patched, []));
  (patched.testFaults as { afterBookingInsert?: string }).afterBookingInsert = 'kill';
  t.throws(() => assertProductionReady(patched, []), { message: new RegExp(HOOK) });
});

test('outside production the fault hook is off unless set, and takes only kill', (t) => {
  for (const NODE_ENV of ['test', 'development']) {
    t.deepEqual(loadConfig({ NODE_ENV }).testFaults, {});
    t.deepEqual(loadConfig({ NODE_ENV, [HOOK]: '' }).testFaults, {});
    t.deepEqual(loadConfig({ NODE_ENV, [HOOK]: 'kill' }).testFaults, { afterBookingInsert: 'kill' });
    t.throws(() => loadConfig({ NODE_ENV, [HOOK]: 'crash' }), {
      instanceOf: ConfigError,
      message: new RegExp(HOOK),
    });
  }
});
