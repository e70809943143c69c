import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { paymentModels } from '../../db/models/payment-models';
import type { AuditEvent } from '../../lib/audit';
import { createBooking } from '../../services/bookings';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking, flightPicker } from './helpers/booking-body';
import { sagaHarness, type SagaHarness } from './helpers/saga-harness';

let h: SagaHarness;
let pick: Awaited<ReturnType<typeof flightPicker>>;
const ORIGIN = { ip: '203.0.113.31', requestId: 'req-sec-log-03' };

test.before(async () => {
  h = await sagaHarness();
  pick = await flightPicker(h);
});
test.after.always(async () => h?.close());

async function bookAndFinish(card: string, timeouts = {}) {
  const actor = await h.customer();
  const body = flightBooking(pick(), await createPaymentMethod(card));
  const accepted = await createBooking(h.deps(timeouts), actor, body, randomUUID(), ORIGIN);
  const booking = (await bookingModels(h.sequelize).Booking.findByPk(accepted.id))!;
  await h.client.workflow.getHandle(booking.workflow_id).result();
  return { actor, booking };
}

/** The booking's audit events as stored (the canonical record holds every field). */
async function eventsOf(bookingId: string): Promise<AuditEvent[]> {
  const rows = await h.sequelize.query<{ canonical: string }>(
    "SELECT canonical FROM audit_events WHERE resource_type = 'booking' AND resource_id = :id ORDER BY sequence",
    { type: QueryTypes.SELECT, replacements: { id: bookingId } },
  );
  return rows.map((r) => JSON.parse(r.canonical) as AuditEvent);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

test('SEC-LOG-03 payment start and failure of a declined card are audited with actor, type, time, outcome, origin and resource', async (t) => {
  t.timeout(600_000);
  const { actor, booking } = await bookAndFinish(TEST_CARDS.declined);
  const events = await eventsOf(booking.id);
  const started = events.filter((e) => e.type === 'payment.started');
  const failed = events.filter((e) => e.type === 'payment.failed');
  t.is(started.length, 1);
  t.is(failed.length, 1);
  const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: booking.id } });
  t.truthy(payment?.failure_code);
  for (const [event, outcome] of [
    [started[0]!, 'success'],
    [failed[0]!, 'failure'],
  ] as const) {
    t.like(event, {
      actor: { type: 'system', id: 'booking-workflow' },
      outcome,
      originIp: null,
      resource: { type: 'booking', id: booking.id },
      details: {
        amountMinor: booking.amount_minor,
        currency: booking.currency,
        workflowId: booking.workflow_id,
      },
    });
    t.regex(event.occurredAt, ISO);
  }
  t.is(failed[0]!.details.declineCode, payment!.failure_code ?? undefined);
  t.true(Date.parse(started[0]!.occurredAt) <= Date.parse(failed[0]!.occurredAt));
  // The system events name the workflow; the booking's creation ties it to the booker and address.
  const created = events.find((e) => e.type === 'booking.created');
  t.like(created, {
    actor: { type: 'user', id: actor.id },
    originIp: ORIGIN.ip,
    details: { workflowId: booking.workflow_id, requestId: ORIGIN.requestId },
  });
  t.is(events.filter((e) => e.type === 'payment.succeeded').length, 0);
});

test('SEC-LOG-03 a payment that times out (3-D Secure never completed) is audited as payment.failed with the reason', async (t) => {
  t.timeout(600_000);
  const { booking } = await bookAndFinish(TEST_CARDS.requiresAction, { paymentWaitSeconds: 3 });
  const events = await eventsOf(booking.id);
  t.is(events.filter((e) => e.type === 'payment.started').length, 1);
  const failed = events.filter((e) => e.type === 'payment.failed');
  t.is(failed.length, 1);
  t.like(failed[0], { outcome: 'failure', details: { declineCode: 'payment_timeout' } });
});

test('SEC-LOG-03 a paid booking has payment.started then payment.succeeded and no payment.failed', async (t) => {
  t.timeout(600_000);
  const { booking } = await bookAndFinish(TEST_CARDS.succeeds);
  const types = (await eventsOf(booking.id)).map((e) => e.type).filter((type) => type.startsWith('payment.'));
  t.deepEqual(types, ['payment.started', 'payment.succeeded']);
});
