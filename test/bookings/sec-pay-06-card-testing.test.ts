import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { createPaymentActivities } from '../../activities/payments/payment-activities';
import { createStripeClient } from '../../lib/clients';
import { bookingModels } from '../../db/models/booking-models';
import { paymentModels } from '../../db/models/payment-models';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { plantBookingRow } from './helpers/booking-rows';
import type { BookingsApp, SignedIn } from './helpers/bookings-app';
import { useBookingsStack, type FlightPick } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';

let h: SagaHarness;
let app: BookingsApp;
let pick: FlightPick;

useBookingsStack((stack) => ({ h, app, pick } = stack));

async function book(as: SignedIn, card: string, on: BookingsApp = app) {
  return on.send(
    {
      method: 'POST',
      path: '/api/v1/bookings',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(flightBooking(pick(), await createPaymentMethod(card))),
    },
    as,
  );
}

async function finished(id: string) {
  const booking = (await bookingModels(h.sequelize).Booking.findByPk(id))!;
  return h.client.workflow.getHandle(booking.workflow_id).result();
}

interface AuditRow {
  event_type: string;
  actor_type: string;
  outcome: string;
  canonical: string;
}

const auditOf = (resourceType: string, id: string) =>
  h.sequelize.query<AuditRow>(
    'SELECT event_type, actor_type, outcome, canonical FROM audit_events WHERE resource_type = :type AND resource_id = :id ORDER BY sequence',
    { type: QueryTypes.SELECT, replacements: { type: resourceType, id } },
  );

test('SEC-PAY-06 payment attempts are limited per user (5 / 15 min): the next booking answers 429 with Retry-After', async (t) => {
  const { limit, windowSeconds } = h.config.rateLimits.payments;
  t.true(limit < h.config.rateLimits.bookings.limit, 'the payments limit is the one that bites here');
  const user = await app.signIn();
  for (let i = 0; i < limit; i++) t.is((await book(user, TEST_CARDS.succeeds)).status, 202);
  const over = await book(user, TEST_CARDS.succeeds);
  t.is(over.status, 429, over.text);
  t.is(over.json.error_code, 'RATE_LIMITED');
  t.true(Number(over.headers['retry-after']) >= 1);
  t.is(over.headers['ratelimit-policy'], `${limit};w=${windowSeconds}`);
  t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: user.id } }), limit);
  // Per user: someone else on the same address still books.
  t.is((await book(await app.signIn(), TEST_CARDS.succeeds)).status, 202);
});

test('SEC-PAY-06 repeated declines block the user’s payments: payment.blocked audited, the next booking 429 PAYMENTS_BLOCKED with Retry-After', async (t) => {
  // Three sagas on the shared Stripe and Temporal: a busy machine may take its time.
  t.timeout(600_000);
  const { declineLimit, blockSeconds } = h.config.cardTesting;
  t.true(declineLimit < h.config.rateLimits.payments.limit, 'declines reach the block before the rate limit');
  const tester = await app.signIn();
  const accepted = [];
  for (let i = 0; i < declineLimit; i++) {
    const answer = await book(tester, TEST_CARDS.declined);
    t.is(answer.status, 202, answer.text);
    accepted.push(answer.json.id as string);
  }
  for (const id of accepted)
    t.like(await finished(id), { status: 'FAILED', failureReason: 'payment_declined' });

  const { PaymentBlock, PaymentDecline } = paymentModels(h.sequelize);
  t.is(await PaymentDecline.count({ where: { user_id: tester.id } }), declineLimit);
  const blocks = await PaymentBlock.findAll({ where: { user_id: tester.id } });
  t.is(blocks.length, 1);
  const rows = await auditOf('user', tester.id);
  const raised = rows.filter((r) => r.event_type === 'payment.blocked' && r.actor_type === 'system');
  t.is(raised.length, 1);
  t.like(JSON.parse(raised[0]!.canonical), {
    outcome: 'denied',
    details: { declines: declineLimit, blockedForSeconds: blockSeconds },
  });

  const refused = await book(tester, TEST_CARDS.succeeds);
  t.is(refused.status, 429, refused.text);
  t.is(refused.json.error_code, 'PAYMENTS_BLOCKED');
  t.truthy(refused.json.error_id);
  const retryAfter = Number(refused.headers['retry-after']);
  t.true(retryAfter >= 1 && retryAfter <= blockSeconds, `Retry-After ${retryAfter}`);
  t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: tester.id } }), declineLimit);
  const attempt = (await auditOf('user', tester.id)).filter(
    (r) => r.event_type === 'payment.blocked' && r.actor_type === 'user',
  );
  t.is(attempt.length, 1);
  t.is(JSON.parse(attempt[0]!.canonical).originIp, '127.0.0.1');

  // The block is the tester's alone.
  t.is((await book(await app.signIn(), TEST_CARDS.succeeds)).status, 202);
});

test('SEC-PAY-06 the payment activity refuses a blocked user; declines count once per booking and race to one block', async (t) => {
  const { declineLimit } = h.config.cardTesting;
  const models = paymentModels(h.sequelize);
  const activities = createPaymentActivities({ stripe: createStripeClient(h.config), models });
  const actor = await h.customer();
  const paymentFor = async () => {
    const bookingId = await plantBookingRow(h.sequelize, actor.id);
    await models.Payment.create({
      booking_id: bookingId,
      user_id: actor.id,
      amount_minor: 10_000,
      currency: 'EUR',
      status: 'requires_payment_method',
      stripe_payment_method_id: 'pm_card_test',
    });
    return bookingId;
  };
  const ids = [];
  for (let i = 0; i < declineLimit + 1; i++) ids.push(await paymentFor());
  const record = (bookingId: string) =>
    activities.recordPaymentDecline({ actor, bookingId, declineCode: 'card_declined' });
  // One short of the limit, each reported twice (a retried activity): counted once each.
  for (const id of ids.slice(0, declineLimit - 1)) {
    t.like(await record(id), { newBlock: false, blockedUntil: null });
    t.like(await record(id), { newBlock: false, blockedUntil: null });
  }
  // The last two race: exactly one of them sets the block.
  const raced = await Promise.all(ids.slice(declineLimit - 1).map(record));
  t.is(raced.filter((r) => r.newBlock).length, 1);
  t.true(raced.every((r) => r.blockedUntil !== null));
  t.is(await models.PaymentBlock.count({ where: { user_id: actor.id } }), 1);
  const raised = (await auditOf('user', actor.id)).filter((r) => r.event_type === 'payment.blocked');
  t.is(raised.length, 1);

  // A new payment of the blocked user is refused before Stripe is asked.
  await t.throwsAsync(
    activities.createPaymentIntent({
      actor,
      bookingId: randomUUID(),
      amountMinor: 10_000,
      currency: 'EUR',
      paymentMethodId: await createPaymentMethod(TEST_CARDS.succeeds),
    }),
    { message: "the user's payments are blocked" },
  );
});
