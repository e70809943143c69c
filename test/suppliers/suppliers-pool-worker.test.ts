import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createSuppliersPoolActivities } from '../../activities/suppliers-pool';
import type { Flight } from '../../tools/supplier-sim/catalogue';
import { freshQueues, startWorkers, type TestWorkers } from '../helpers/temporal-workers';
import { newScope, startSimHarness, type SimHarness } from './helpers/sim';
import type { SupplierStepsResult } from './helpers/supplier-steps-workflow';

let h: SimHarness;
let client: Client;
let workers: TestWorkers | undefined;
let shutdownSuppliers: (() => void) | undefined;
const scope = newScope();
const queues = freshQueues('s');

test.before(async () => {
  h = await startSimHarness();
  const suppliers = h.suppliers(scope);
  shutdownSuppliers = () => suppliers.shutdown();
  workers = await startWorkers({
    config: h.config(),
    queues,
    logLevel: 'error',
    workers: [
      { pool: 'suppliers', activities: createSuppliersPoolActivities(suppliers) },
      { pool: 'bookings', workflowsPath: require.resolve('./helpers/supplier-steps-workflow') },
    ],
  });
  client = workers.client;
});
test.after.always(async () => {
  try {
    await workers?.stop();
  } finally {
    shutdownSuppliers?.();
    await h?.close();
  }
});

const taken = new Set<string>();
function freeFlight(): Flight {
  const flight = h.sim.catalogue.flights.find(
    (f) => !taken.has(f.id) && f.departureUtcMs > Date.now() + 86_400_000,
  )!;
  taken.add(flight.id);
  return flight;
}

function run(bookingId: string, flight: Flight): Promise<SupplierStepsResult> {
  return client.workflow.execute('supplierSteps', {
    taskQueue: queues.bookings,
    workflowId: `supplier-steps-${bookingId}`,
    args: [{ bookingId, flightId: flight.id, suppliersQueue: queues.suppliers }],
    workflowExecutionTimeout: '60s',
  });
}

async function holdsOf(bookingId: string) {
  const token = encodeURIComponent(`booking/${bookingId}/hold`);
  const { holds } = await h.control<{ holds: { status: string; confirmations: number }[] }>(
    'GET',
    `/holds?token=${token}`,
  );
  return holds;
}

// Serial: both share the pool's scope, whose fault rules and request counts they read.
test.serial(
  'SEC-SUP-02 the suppliers pool runs hold and confirm through Temporal; lost answers are retried by the retry policy without a second hold or confirmation',
  async (t) => {
    const flight = freeFlight();
    await h.control('POST', '/units', { supplier: 'flight', flight_id: flight.id, units: 3 });
    await h.fault({ kind: 'lost_answer', route: 'hold', times: 2 }, scope);
    await h.fault({ kind: 'error', status: 503, route: 'confirm', times: 1 }, scope);
    const bookingId = randomUUID();
    const result = await run(bookingId, flight);
    t.like(result, { released: false });
    t.regex((result as { confirmationCode: string }).confirmationCode, /^FC-/);
    const holds = await holdsOf(bookingId);
    t.is(holds.length, 1, 'one hold for the booking');
    t.like(holds[0], { status: 'confirmed', confirmations: 1 });
    t.is(flight.seatsLeft, 2, 'one seat taken despite three hold attempts');
  },
);

test.serial(
  'SEC-VAL-08 a sold-out hold reaches the workflow as a non-retryable SoldOut after one attempt',
  async (t) => {
    const flight = freeFlight();
    await h.control('POST', '/units', { supplier: 'flight', flight_id: flight.id, units: 0 });
    const before = (await h.requests(scope)).by_route['flight/hold'] ?? 0;
    t.deepEqual(await run(randomUUID(), flight), { failure: 'SoldOut' });
    t.is(
      (await h.requests(scope)).by_route['flight/hold'],
      before + 1,
      'no retry of what a retry cannot fix',
    );
  },
);
