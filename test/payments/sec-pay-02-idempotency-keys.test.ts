import test from 'ava';
import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { idempotencyKeys, type CreatePaymentIntentInput } from '../../activities/payments/payment-activities';
import { createPaymentsPoolActivities } from '../../activities/payments-pool';
import { loadConfig } from '../../lib/config';
import { freshQueues, startWorkers } from '../helpers/temporal-workers';
import { bookingFor, chargeInFull, customer, type PaymentsHarness } from './helpers/payments-db';
import { usePaymentsHarness } from './helpers/use-payments-harness';
import { createPaymentMethod, proxyRequests, TEST_CARDS } from './helpers/stripe-stack';
import { payWithRetries } from './workflows/pay-with-retries';

let h: PaymentsHarness;
usePaymentsHarness((harness) => (h = harness));

test('SEC-PAY-02 the keys derive from our ids only: the same booking or refund always gives the same key', (t) => {
  const booking = randomUUID();
  const refund = randomUUID();
  t.is(idempotencyKeys.payment(booking), `booking/${booking}/payment`);
  t.is(idempotencyKeys.cancel(booking), `booking/${booking}/cancel`);
  t.is(idempotencyKeys.capture(booking), `booking/${booking}/capture`);
  t.is(idempotencyKeys.refund(refund), `refund/${refund}`);
  t.is(idempotencyKeys.payment(booking), idempotencyKeys.payment(booking));
});

test('SEC-PAY-02 a retried createPaymentIntent whose first answer was lost charges once: one key, one PaymentIntent (proxy log)', async (t) => {
  const queues = freshQueues('p');
  const real = createPaymentsPoolActivities({ stripe: h.stripe, sequelize: h.sequelize });
  const activities = {
    ...real,
    // The worker dies after Stripe answered and before Temporal heard of it: the next attempt
    // runs the whole activity again.
    async createPaymentIntent(input: CreatePaymentIntentInput) {
      const attempt = await real.createPaymentIntent(input);
      if (activityInfo().attempt === 1) throw new Error('answer lost after Stripe charged');
      return attempt;
    },
  };
  const { client, stop } = await startWorkers({
    config: loadConfig(),
    queues,
    logLevel: 'error',
    workers: [
      { pool: 'payments', workflowsPath: require.resolve('./workflows/pay-with-retries'), activities },
    ],
  });
  t.teardown(stop);

  const payment = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.succeeds));
  const handle = await client.workflow.start(payWithRetries, {
    taskQueue: queues.payments,
    workflowId: `test-pay-twice-${payment.bookingId}`,
    workflowExecutionTimeout: '1 minute',
    args: [{ paymentsQueue: queues.payments, payment }],
  });
  // Manual capture (issue 17): the create only authorises; the saga captures later.
  t.is((await handle.result()).outcome, 'authorised');

  const key = `booking/${payment.bookingId}/payment`;
  const logged = await proxyRequests({ idempotency_key: key });
  t.deepEqual(
    logged.map((r) => [r.method, r.path, r.outcome, r.status]),
    [
      ['POST', '/v1/payment_intents', 'forwarded', 200],
      ['POST', '/v1/payment_intents', 'replayed', 200],
    ],
  );
  t.is(logged[0]!.bodyHash, logged[1]!.bodyHash, 'both attempts sent the same parameters');
  t.is(logged[0]!.objectId, logged[1]!.objectId);
  const row = (await h.models.Payment.findOne({ where: { booking_id: payment.bookingId } }))!;
  t.is(row.stripe_payment_intent_id, logged[0]!.objectId);
  // Every PaymentIntent the platform creates goes through the proxy: none other for this booking.
  const creations = await proxyRequests({
    path: '/v1/payment_intents',
    key_prefix: `booking/${payment.bookingId}/`,
  });
  t.is(creations.filter((r) => r.outcome === 'forwarded').length, 1);
});

test('SEC-PAY-02 cancel and refund carry their own deterministic keys and execute once when repeated', async (t) => {
  const actor = customer();
  const pending = bookingFor(actor, await createPaymentMethod(TEST_CARDS.requiresAction));
  await h.activities.createPaymentIntent(pending);
  t.deepEqual(await h.activities.cancelPaymentIntent(pending), { outcome: 'canceled' });
  t.deepEqual(await h.activities.cancelPaymentIntent(pending), { outcome: 'canceled' });
  const cancels = await proxyRequests({ idempotency_key: `booking/${pending.bookingId}/cancel` });
  t.deepEqual(
    cancels.map((r) => r.outcome),
    ['forwarded'],
  );

  const paid = bookingFor(actor, await createPaymentMethod(TEST_CARDS.succeeds));
  await chargeInFull(h.activities, paid);
  const refundId = randomUUID();
  const first = await h.activities.refundPayment({
    actor,
    bookingId: paid.bookingId,
    refundId,
    amountMinor: 1_000,
  });
  const again = await h.activities.refundPayment({
    actor,
    bookingId: paid.bookingId,
    refundId,
    amountMinor: 1_000,
  });
  t.deepEqual(first, again);
  const refunds = await proxyRequests({ idempotency_key: `refund/${refundId}` });
  t.deepEqual(
    refunds.map((r) => r.outcome),
    ['forwarded', 'replayed'],
  );
  const row = (await h.models.Payment.findOne({ where: { booking_id: paid.bookingId } }))!;
  t.is(row.refunded_minor, 1_000, 'the repeated refund reserved its amount once');
});
