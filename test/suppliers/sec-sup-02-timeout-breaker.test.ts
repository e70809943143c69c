import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { loadConfig } from '../../lib/config';
import type { FlightItem } from '../../activities/suppliers';
import { failsWith } from './helpers/failures';
import { newScope, startSimHarness, type SimHarness } from './helpers/sim';

let h: SimHarness;
test.before(async () => {
  h = await startSimHarness();
});
test.after.always(() => h?.close());

const BREAKER = {
  SUPPLIER_BREAKER_VOLUME: '3',
  SUPPLIER_BREAKER_ERROR_PERCENT: '50',
  SUPPLIER_BREAKER_RESET_MS: '200',
};

function anyFlight(): FlightItem {
  return { flightId: h.sim.catalogue.flights[0]!.id, seats: 1 };
}

/** Calls until the breaker lets a call through again (it half-opens after its reset time). */
async function untilNotOpen(call: () => Promise<unknown>): Promise<unknown> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApplicationFailure) || error.type !== 'SupplierCircuitOpen') return error;
    }
    await sleep(50);
  }
  throw new Error('the breaker never half-opened');
}

test('SEC-SUP-02 every supplier call has a 10 s timeout by default, at most 10 s by config', (t) => {
  const config = loadConfig({});
  t.is(config.supplier.timeoutMs, 10_000);
  t.throws(() => loadConfig({ SUPPLIER_TIMEOUT_MS: '10001' }));
});

test('SEC-SUP-02 a supplier that hangs fails the call with a retryable timeout', async (t) => {
  const scope = newScope();
  await h.fault({ kind: 'hang', route: 'quote' }, scope);
  const { adapters, shutdown } = h.suppliers(scope, { SUPPLIER_TIMEOUT_MS: '300' });
  t.teardown(shutdown);
  await failsWith(t, adapters.flight.quote(anyFlight()), 'SupplierTimeout', false);

  // A slow supplier is cut off the same way; one within the default timeout answers.
  await h.control('DELETE', `/faults?scope=${scope}`);
  await h.fault({ kind: 'latency', ms: 1500, route: 'quote' }, scope);
  await failsWith(t, adapters.flight.quote(anyFlight()), 'SupplierTimeout', false);
  const patient = h.suppliers(scope);
  t.teardown(patient.shutdown);
  t.like(await patient.adapters.flight.quote(anyFlight()), {
    currency: h.sim.catalogue.flights[0]!.currency,
  });
});

test('SEC-SUP-02 the breaker opens after failures, spares the supplier, and closes after a good half-open call', async (t) => {
  const scope = newScope();
  await h.fault({ kind: 'error', status: 503, supplier: 'flight' }, scope);
  const { adapters, shutdown } = h.suppliers(scope, BREAKER);
  t.teardown(shutdown);
  for (let i = 0; i < 3; i++)
    await failsWith(t, adapters.flight.quote(anyFlight()), 'SupplierUnavailable', false);
  t.is((await h.requests(scope)).total, 3);

  const open = await failsWith(t, adapters.flight.quote(anyFlight()), 'SupplierCircuitOpen', false);
  t.truthy(open.nextRetryDelay, 'the retry waits for the breaker');
  t.is((await h.requests(scope)).total, 3, 'an open breaker never reaches the supplier');
  t.truthy(await adapters.hotel.feedPage(null, 1), 'one breaker per supplier: the hotel one is closed');

  // Half-open with the supplier still failing: one trial call, then open again.
  const trial = await untilNotOpen(() => adapters.flight.quote(anyFlight()));
  t.like(trial, { type: 'SupplierUnavailable' });
  t.is((await h.requests(scope)).by_route['flight/quote'], 4, 'exactly one trial call');
  await failsWith(t, adapters.flight.quote(anyFlight()), 'SupplierCircuitOpen', false);

  // The supplier recovers: the next trial succeeds and the breaker closes.
  await h.control('DELETE', `/faults?scope=${scope}`);
  const recovered = await untilNotOpen(() => adapters.flight.quote(anyFlight()));
  t.like(recovered, { available: true });
  for (let i = 0; i < 3; i++) await adapters.flight.quote(anyFlight());
  t.is((await h.requests(scope)).by_route['flight/quote'], 8);
});

test('SEC-SUP-02 a supplier saying no (sold out) never opens its breaker', async (t) => {
  const scope = newScope();
  const { adapters, shutdown } = h.suppliers(scope, BREAKER);
  t.teardown(shutdown);
  const flight = h.sim.catalogue.flights[1]!;
  await h.control('POST', '/units', { supplier: 'flight', flight_id: flight.id, units: 0 });
  for (let i = 0; i < 6; i++) {
    await failsWith(
      t,
      adapters.flight.hold(`b-${scope}-${i}`, { flightId: flight.id, seats: 1 }),
      'SoldOut',
      true,
    );
  }
  t.like(await adapters.flight.quote({ flightId: flight.id, seats: 1 }), { available: false });
});
