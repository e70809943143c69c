import test from 'ava';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createSuppliersPoolActivities } from '../../activities/suppliers-pool';
import { createLogger } from '../../lib/logger';
import { createTemporalClient } from '../../lib/temporal/connection';
import { taskQueues } from '../../lib/temporal/task-queues';
import type { Flight } from '../../tools/supplier-sim/catalogue';
import { createWorker } from '../../workers/bootstrap';
import { newScope, startSimHarness, type SimHarness } from './helpers/sim';
import type { SupplierStepsResult } from './helpers/supplier-steps-workflow';

let h: SimHarness;
let client: Client;
const stops: (() => Promise<void>)[] = [];
const scope = newScope();
const queues = taskQueues(`s${randomBytes(5).toString('hex')}`);

test.before(async () => {
  h = await startSimHarness();
  const config = h.config();
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'error' } });
  const suppliers = h.suppliers(scope);
  for (const options of [
    {
      pool: 'suppliers' as const,
      taskQueue: queues.suppliers,
      activities: createSuppliersPoolActivities(suppliers),
    },
    {
      pool: 'booking' as const,
      taskQueue: queues.booking,
      workflowsPath: require.resolve('./helpers/supplier-steps-workflow'),
    },
  ]) {
    const created = await createWorker({ ...options, config, logger });
    const running = created.worker.run();
    stops.push(async () => {
      created.worker.shutdown();
      await Promise.allSettled([running]);
      await created.connection.close();
    });
  }
  stops.push(async () => suppliers.shutdown());
  client = await createTemporalClient(config);
});
test.after.always(async () => {
  await client?.connection.close();
  for (const stop of stops.reverse()) await stop();
  await h?.close();
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
    taskQueue: queues.booking,
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
