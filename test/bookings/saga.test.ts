import test from 'ava';
import type { WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { bookingModels } from '../../db/models/booking-models';
import { paymentModels } from '../../db/models/payment-models';
import { QueryTypes } from 'sequelize';
import { bookingSignalPort, cancelBooking, createBooking, getBooking } from '../../services/bookings';
import { BOOKING_ID, BOOKING_STATUS } from '../../lib/temporal/search-attributes';
import {
  authenticate,
  createPaymentMethod,
  localstripeObject,
  proxyRequests,
  TEST_CARDS,
} from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { useSagaHarness, type FlightPick } from './helpers/bookings-stack';
import { bookThroughSaga, supplierHoldOf as holdOf } from './helpers/saga-booking';
import { historyBytes } from './helpers/history-bytes';
import type { SagaHarness } from './helpers/saga-harness';

let h: SagaHarness;
let pick: FlightPick;
const ORIGIN = { ip: '203.0.113.20' };

useSagaHarness((stack) => ({ h, pick } = stack));

const book = (card: string, timeouts = {}) => bookThroughSaga(h, pick(), card, ORIGIN, timeouts);

/** What localstripe holds for a PaymentIntent and its charge. */
async function intentFacts(id: string) {
  const pi = await localstripeObject<{
    status: string;
    capture_method: string;
    latest_charge: { captured: boolean; amount_refunded: number } | null;
  }>(`/v1/payment_intents/${id}`);
  return {
    id,
    status: pi.status,
    captureMethod: pi.capture_method,
    captured: pi.latest_charge?.captured ?? false,
    amountRefunded: pi.latest_charge?.amount_refunded ?? 0,
  };
}

/** The saga's activities in the order the workflow scheduled them. */
async function activityOrder(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

/** Resolves once the workflow has read its PaymentIntent back once (and so waits for a poll or a signal). */
async function firstReadBack(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 1_200; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const readBacks = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'readPaymentIntent')
        .map((e) => String(e.eventId)),
    );
    const done = events.some((e) =>
      readBacks.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)),
    );
    if (done) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the workflow never read its PaymentIntent back');
}

test('SEC-PAY-05 happy path: held, paid, read back from Stripe, confirmed; status in the search attribute', async (t) => {
  const b = await book(TEST_CARDS.succeeds);
  t.is(b.accepted.status, 'PENDING');
  const result = await b.result();
  t.like(result, { status: 'CONFIRMED', failureReason: null });
  await b.booking.reload();
  t.is(b.booking.status, 'CONFIRMED');
  t.truthy(b.booking.supplier_confirmation);
  t.is((await holdOf(b.booking.id))?.status, 'confirmed');
  const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: b.booking.id } });
  t.is(payment?.status, 'succeeded');
  t.is(payment?.captured_minor, b.booking.amount_minor);
  const description = await b.handle.describe();
  // Authorised only at creation (manual capture), captured once, after the supplier confirmed.
  const facts = await intentFacts(payment!.stripe_payment_intent_id!);
  t.like(facts, { status: 'succeeded', captureMethod: 'manual', captured: true, amountRefunded: 0 });
  const captures = await proxyRequests({ idempotency_key: `booking/${b.booking.id}/capture` });
  t.deepEqual(
    captures.map((r) => [r.method, r.path, r.outcome, r.status]),
    [['POST', `/v1/payment_intents/${facts.id}/capture`, 'forwarded', 200]],
  );
  const order = await activityOrder(b.handle);
  t.true(order.includes('capturePaymentIntent'));
  t.true(order.indexOf('confirmWithSupplier') < order.indexOf('capturePaymentIntent'), order.join(','));
  t.is(order.filter((name) => name === 'capturePaymentIntent').length, 1);
  t.is(description.typedSearchAttributes.get(BOOKING_ID), b.booking.id);
  t.is(description.typedSearchAttributes.get(BOOKING_STATUS), 'CONFIRMED');
  const view = await getBooking(b.deps, b.actor, b.booking.id, ORIGIN);
  t.is(view.passengers?.[0]?.passportNumber, '******4567');
  // Ids only in Temporal: the whole history holds no passenger's name or passport number.
  const bytes = historyBytes(await b.handle.fetchHistory());
  t.true(bytes.includes(b.booking.id));
  for (const personal of ['X1234567', 'Lovelace', '1990-12-10']) t.false(bytes.includes(personal), personal);
  // An operator finds the booking by BookingId through a visibility query (eventually consistent).
  const query = `BookingId = '${b.booking.id}' AND BookingStatus = 'CONFIRMED'`;
  let found: string[] = [];
  for (let i = 0; i < 100 && found.length === 0; i++) {
    found = [];
    for await (const w of h.client.workflow.list({ query })) found.push(w.workflowId);
    if (found.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  t.deepEqual(found, [b.booking.workflow_id]);
});

// Serial (and so before the others): fault rules are the file's scope, consumed by the next match.
test.serial('supplier hold failure: FAILED, no PaymentIntent created', async (t) => {
  await h.fault({ kind: 'wrong_shape', supplier: 'flight', route: 'hold', times: 1 });
  const b = await book(TEST_CARDS.succeeds);
  t.like(await b.result(), { status: 'FAILED', failureReason: 'invalid_supplier_answer' });
  t.is(await paymentModels(h.sequelize).Payment.count({ where: { booking_id: b.booking.id } }), 0);
});

test('payment declined: FAILED and the hold released', async (t) => {
  const b = await book(TEST_CARDS.declined);
  t.like(await b.result(), { status: 'FAILED', failureReason: 'payment_declined' });
  t.is((await holdOf(b.booking.id))?.status, 'released');
});

test('SEC-PAY-05 payment timeout: 3-D Secure never completed, so never confirmed; client secret exposed meanwhile; FAILED, hold released', async (t) => {
  // Long enough for a loaded machine to see the client secret before the wait ends.
  const b = await book(TEST_CARDS.requiresAction, { paymentWaitSeconds: 15 });
  let secret: string | null = null;
  for (let i = 0; i < 1_200 && !secret; i++) {
    secret = (await getBooking(b.deps, b.actor, b.booking.id, ORIGIN)).clientSecret ?? null;
    if (!secret) await new Promise((r) => setTimeout(r, 250));
  }
  t.truthy(secret, 'the status answer carries the client secret while Stripe waits for 3-D Secure');
  t.like(await b.result(), { status: 'FAILED', failureReason: 'payment_timeout' });
  t.is((await holdOf(b.booking.id))?.status, 'released');
  const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: b.booking.id } });
  t.is(payment?.status, 'canceled');
});

test.serial(
  'SEC-PAY-02 supplier confirm failure after payment: the authorisation is cancelled, nothing captured nor refunded, the hold released',
  async (t) => {
    await h.fault({ kind: 'wrong_shape', supplier: 'flight', route: 'confirm', times: 1 });
    const b = await book(TEST_CARDS.succeeds);
    t.like(await b.result(), { status: 'FAILED', failureReason: 'invalid_supplier_answer' });
    const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: b.booking.id } });
    t.like(payment?.get({ plain: true }), { status: 'canceled', captured_minor: 0, refunded_minor: 0 });
    const facts = await intentFacts(payment!.stripe_payment_intent_id!);
    t.like(facts, { status: 'canceled', captured: false, amountRefunded: 0 });
    t.deepEqual(await proxyRequests({ idempotency_key: `booking/${b.booking.id}/capture` }), []);
    const cancels = await proxyRequests({ idempotency_key: `booking/${b.booking.id}/cancel` });
    t.deepEqual(
      cancels.map((r) => [r.path, r.outcome]),
      [[`/v1/payment_intents/${facts.id}/cancel`, 'forwarded']],
    );
    t.is((await holdOf(b.booking.id))?.status, 'released');
  },
);

test('SEC-IDEM-02 same key twice: one booking, one workflow, one PaymentIntent key', async (t) => {
  const actor = await h.customer();
  const deps = h.deps();
  const body = flightBooking(pick(), await createPaymentMethod(TEST_CARDS.succeeds));
  const key = randomUUID();
  const [first, second] = await Promise.all([
    createBooking(deps, actor, body, key, ORIGIN),
    createBooking(deps, actor, body, key, ORIGIN),
  ]);
  t.is(first.id, second.id);
  const again = await createBooking(deps, actor, body, key, ORIGIN);
  t.is(again.id, first.id);
  t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: actor.id } }), 1);
  const booking = (await bookingModels(h.sequelize).Booking.findByPk(first.id))!;
  t.like(await h.client.workflow.getHandle(booking.workflow_id).result(), { status: 'CONFIRMED' });
  const creates = await proxyRequests({ idempotency_key: `booking/${first.id}/payment` });
  t.true(creates.length >= 1);
  t.is(new Set(creates.map((r) => r.idempotencyKey)).size, 1);
  // The database itself refuses a second row for the same (user, key), whatever Redis knows.
  await t.throwsAsync(
    bookingModels(h.sequelize).Booking.create({
      user_id: actor.id,
      idempotency_key: key,
      workflow_id: `${booking.workflow_id.slice(0, -1)}0`,
      kind: 'flight',
      supplier: 'flight',
      amount_minor: 100,
      currency: 'EUR',
      details: {},
    }),
    { name: 'SequelizeUniqueConstraintError' },
  );
});

test('SEC-PAY-03 3-D Secure required, then completed: the payment event signal wakes the workflow, which reads back and confirms', async (t) => {
  // The first poll is due after 20 minutes, beyond this test's timeout: only the signal can
  // make this booking confirm before the test fails.
  t.timeout(600_000);
  const b = await book(TEST_CARDS.requiresAction, { paymentPollSeconds: 1_200, paymentWaitSeconds: 1_800 });
  let secret: string | null = null;
  for (let i = 0; i < 1_200 && !secret; i++) {
    secret = (await getBooking(b.deps, b.actor, b.booking.id, ORIGIN)).clientSecret ?? null;
    if (!secret) await new Promise((r) => setTimeout(r, 250));
  }
  if (!secret) return t.fail('no client secret while Stripe waits for 3-D Secure');
  // The secret is out before the workflow's first read-back: authenticating earlier would let
  // that read-back confirm the booking without any signal.
  await firstReadBack(b.handle);
  await authenticate(secret.split('_secret_')[0]!, secret, true);
  const port = bookingSignalPort({ models: bookingModels(h.sequelize), temporal: h.client });
  // Manual capture: Stripe tells of the authorisation with amount_capturable_updated.
  await port.onPaymentEvent({
    eventId: `evt_${randomUUID()}`,
    type: 'payment_intent.amount_capturable_updated',
    paymentIntentId: null,
    bookingId: b.booking.id,
    status: 'requires_capture',
  });
  t.like(await b.result(), { status: 'CONFIRMED' });
  t.is((await getBooking(b.deps, b.actor, b.booking.id, ORIGIN)).clientSecret, null);
});

test('cancellation while waiting for payment: the PaymentIntent is cancelled, the hold released, the booking CANCELLED', async (t) => {
  const b = await book(TEST_CARDS.requiresAction, { paymentPollSeconds: 60, paymentWaitSeconds: 120 });
  for (let i = 0; i < 1_200; i++) {
    if ((await getBooking(b.deps, b.actor, b.booking.id, ORIGIN)).clientSecret) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  t.like(await cancelBooking(b.deps, b.actor, b.booking.id, ORIGIN), {
    status: 'CANCELLED',
    refundedMinor: 0,
  });
  t.like(await b.result(), { status: 'CANCELLED', failureReason: 'cancelled' });
  t.is((await holdOf(b.booking.id))?.status, 'released');
  const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: b.booking.id } });
  t.is(payment?.status, 'canceled');
  await t.throwsAsync(cancelBooking(b.deps, b.actor, b.booking.id, ORIGIN), {
    message: 'This booking cannot be cancelled now',
  });
});

test('SEC-LOG-03 every booking state change is audited: created, held, awaiting payment, paid, confirmed', async (t) => {
  const b = await book(TEST_CARDS.succeeds);
  await b.result();
  const rows = await h.sequelize.query<{ event_type: string; actor_type: string; outcome: string }>(
    "SELECT event_type, actor_type, outcome FROM audit_events WHERE resource_type = 'booking' AND resource_id = :id ORDER BY sequence",
    { type: QueryTypes.SELECT, replacements: { id: b.booking.id } },
  );
  // The API's creation event and the workflow's first may land in either order: compare as sets.
  t.deepEqual(rows.map((r) => `${r.event_type}/${r.actor_type}/${r.outcome}`).sort(), [
    'booking.created/user/success',
    'booking.modified/system/success', // HELD
    'booking.modified/system/success', // AWAITING_PAYMENT
    'booking.modified/system/success', // CONFIRMED
    'payment.started/system/success',
    'payment.succeeded/system/success', // PAID
  ]);
});
