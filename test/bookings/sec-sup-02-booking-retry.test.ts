import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { bookingModels } from '../../db/models/booking-models';
import { paymentModels } from '../../db/models/payment-models';
import { createBooking } from '../../services/bookings';
import { SUPPLIER_ACTIVITY_OPTIONS } from '../../workflows/bookings/activity-proxies';
import type { BookingResult } from '../../workflows/bookings/messages';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { holdsOf, privateFlights, setSeats, type PrivateFlight } from './helpers/private-flights';
import { sagaHarness, simUrl, type SagaHarness } from './helpers/saga-harness';

// Serial: the file's simulator scope holds its fault rules and request counts.
let h: SagaHarness;
let flights: PrivateFlight[];
const ORIGIN = { ip: '203.0.113.22' };

test.before(async () => {
  h = await sagaHarness();
  flights = await privateFlights(h.config, 4);
});
test.after.always(async () => h?.close());

async function book(flight: PrivateFlight) {
  const body = flightBooking(flight.flight, await createPaymentMethod(TEST_CARDS.succeeds));
  const accepted = await createBooking(h.deps(), await h.customer(), body, randomUUID(), ORIGIN);
  const row = (await bookingModels(h.sequelize).Booking.findByPk(accepted.id))!;
  const handle = h.client.workflow.getHandle(row.workflow_id);
  return { id: accepted.id, handle, result: (await handle.result()) as BookingResult };
}

/** How many hold requests of this file's scope reached the simulator. */
async function holdRequests(): Promise<number> {
  const res = await fetch(`${simUrl()}/_control/requests?scope=${h.scope}`, {
    signal: AbortSignal.timeout(10_000),
  });
  const { by_route } = (await res.json()) as { by_route: Record<string, number> };
  return by_route['flight/hold'] ?? 0;
}

/** Every supplier step the workflow scheduled, with the options Temporal recorded for it. */
async function supplierSteps(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const attempts = new Map<string, number>();
  for (const e of events) {
    const started = e.activityTaskStartedEventAttributes;
    if (started) attempts.set(String(started.scheduledEventId), started.attempt ?? 0);
  }
  return events.flatMap((e) => {
    const s = e.activityTaskScheduledEventAttributes;
    if (s?.taskQueue?.name !== h.queues.suppliers) return [];
    const retry = s.retryPolicy!;
    return [
      {
        name: s.activityType?.name,
        attempt: attempts.get(String(e.eventId)),
        startToCloseMs: tsToMs(s.startToCloseTimeout),
        scheduleToCloseMs: tsToMs(s.scheduleToCloseTimeout),
        retry: {
          initialMs: tsToMs(retry.initialInterval),
          backoff: retry.backoffCoefficient,
          maximumMs: tsToMs(retry.maximumInterval),
          maximumAttempts: retry.maximumAttempts,
          nonRetryable: retry.nonRetryableErrorTypes,
        },
      },
    ];
  });
}

const INTENDED = {
  startToCloseMs: 30_000,
  scheduleToCloseMs: 300_000,
  retry: {
    initialMs: 1_000,
    backoff: 2,
    maximumMs: 30_000,
    // No attempt count: the 5-minute schedule-to-close deadline bounds the retries.
    maximumAttempts: 0,
    nonRetryable: ['SoldOut', 'InvalidInput', 'InvalidSupplierAnswer'],
  },
};

test.serial(
  'SEC-SUP-02 the booking workflow schedules every supplier step with SUPPLIER_ACTIVITY_OPTIONS: 30 s per attempt, backoff 1-30 s within 5 min, sold out and invalid answers never retried',
  async (t) => {
    t.deepEqual(SUPPLIER_ACTIVITY_OPTIONS, {
      startToCloseTimeout: '30 seconds',
      scheduleToCloseTimeout: '5 minutes',
      retry: {
        initialInterval: '1 second',
        backoffCoefficient: 2,
        maximumInterval: '30 seconds',
        nonRetryableErrorTypes: ['SoldOut', 'InvalidInput', 'InvalidSupplierAnswer'],
      },
    });
    const b = await book(flights[0]!);
    t.like(b.result, { status: 'CONFIRMED' });
    const steps = await supplierSteps(b.handle);
    t.deepEqual(
      steps.map((s) => s.name),
      ['reserveWithSupplier', 'confirmWithSupplier'],
    );
    for (const { name, attempt: _, ...options } of steps) t.deepEqual(options, INTENDED, name ?? '');
  },
);

test.serial(
  'SEC-SUP-02 a supplier failing transiently during a booking is retried with backoff and the booking confirms: three hold requests, one hold',
  async (t) => {
    await h.fault({ kind: 'error', status: 503, supplier: 'flight', route: 'hold', times: 2 });
    t.teardown(() => h.clearFaults());
    const before = await holdRequests();
    const b = await book(flights[1]!);
    t.like(b.result, { status: 'CONFIRMED', failureReason: null });
    t.is((await holdRequests()) - before, 3, 'two 503s, then the hold');
    t.like(await supplierSteps(b.handle), [{ name: 'reserveWithSupplier', attempt: 3 }]);
    t.deepEqual(
      (await holdsOf(simUrl(), b.id)).map((x) => x.status),
      ['confirmed'],
    );
  },
);

test.serial(
  'SEC-SUP-02 a sold-out supplier answer during a booking is not retried: one hold request, FAILED sold_out, nothing charged',
  async (t) => {
    const flight = flights[2]!;
    await setSeats(simUrl(), flight.flight.id, 0);
    const before = await holdRequests();
    const b = await book(flight);
    t.like(b.result, { status: 'FAILED', failureReason: 'sold_out' });
    t.is((await holdRequests()) - before, 1);
    t.like(await supplierSteps(b.handle), [{ name: 'reserveWithSupplier', attempt: 1 }]);
    t.is(await paymentModels(h.sequelize).Payment.count({ where: { booking_id: b.id } }), 0);
  },
);

test.serial(
  'SEC-SUP-02 an invalid supplier answer during a booking is not retried, although a retry would have succeeded: one hold request, FAILED',
  async (t) => {
    await h.fault({ kind: 'wrong_shape', supplier: 'flight', route: 'hold', times: 1 });
    t.teardown(() => h.clearFaults());
    const before = await holdRequests();
    const b = await book(flights[3]!);
    t.like(b.result, { status: 'FAILED', failureReason: 'invalid_supplier_answer' });
    t.is((await holdRequests()) - before, 1);
    t.like(await supplierSteps(b.handle), [{ name: 'reserveWithSupplier', attempt: 1 }]);
  },
);
