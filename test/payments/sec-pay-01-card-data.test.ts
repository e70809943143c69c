import test from 'ava';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { superuserClient } from '../helpers/databases';
import { bookingFor, chargeInFull, customer, type PaymentsHarness } from './helpers/payments-db';
import { usePaymentsHarness } from './helpers/use-payments-harness';
import { createPaymentMethod, proxyRequests, TEST_CARDS } from './helpers/stripe-stack';

let h: PaymentsHarness;
usePaymentsHarness((harness) => (h = harness));

async function rawRows(table: string, column: string, value: string): Promise<Record<string, unknown>[]> {
  const client = await superuserClient(h.db.name);
  try {
    // Identifiers are this test's own constants; the value is bound.
    return (await client.query(`SELECT * FROM ${table} WHERE ${column} = $1`, [value])).rows;
  } finally {
    await client.end();
  }
}

test('SEC-PAY-01 a payment row keeps brand and last4 of the card, Stripe ids only as payment-key ciphertexts', async (t) => {
  const paymentMethodId = await createPaymentMethod(TEST_CARDS.succeeds);
  const booking = bookingFor(customer(), paymentMethodId);
  await chargeInFull(h.activities, booking);
  const [row] = await rawRows('payments', 'booking_id', booking.bookingId);
  if (!row) return t.fail('no payment row');
  t.is(row.card_brand, 'visa');
  t.is(row.card_last4, '4242');
  t.regex(String(row.stripe_payment_method_id_encrypted), /^v1\.payment\.\d+\./);
  t.regex(String(row.stripe_payment_intent_id_encrypted), /^v1\.payment\.\d+\./);
  const model = (await h.models.Payment.findOne({ where: { booking_id: booking.bookingId } }))!;
  const intentId = model.stripe_payment_intent_id!;
  t.regex(intentId, /^pi_/);

  const raw = JSON.stringify(row);
  for (const secret of [TEST_CARDS.succeeds, TEST_CARDS.succeeds.slice(0, 12), paymentMethodId, intentId]) {
    t.false(raw.includes(secret), 'the raw row holds no card number, PaymentMethod or PaymentIntent id');
  }
  // Nor does the columns' list offer a place for more of the card.
  t.deepEqual(
    Object.keys(row).filter((c) => /card|pan|cvc|cvv|exp/.test(c)),
    ['card_brand', 'card_last4'],
  );
  const refund = await h.activities.refundPayment({
    actor: booking.actor,
    bookingId: booking.bookingId,
    refundId: randomUUID(),
  });
  const [refundRow] = await rawRows('payment_refunds', 'id', refund.refundId);
  // The id column holds exactly a ciphertext (whose random base64url may spell "re_" by chance),
  // and no other column holds the refund id.
  const { stripe_refund_id_encrypted: refundCiphertext, ...refundColumns } = refundRow ?? {};
  t.regex(String(refundCiphertext), /^v1\.payment\.\d+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  t.false(JSON.stringify(refundColumns).includes('re_'));
});

test('SEC-PAY-01 the recording proxy logs no card number: PaymentMethod bodies appear only as a keyed hash', async (t) => {
  const paymentMethodId = await createPaymentMethod(TEST_CARDS.declined);
  const booking = bookingFor(customer(), paymentMethodId);
  await h.activities.createPaymentIntent(booking);
  const logged = await proxyRequests({ key_prefix: `booking/${booking.bookingId}/` });
  t.true(logged.length > 0);
  for (const entry of logged) t.regex(entry.bodyHash ?? '', /^[0-9a-f]{64}$/);
  const file = process.env.STRIPE_PROXY_LOG;
  if (!file) return t.fail('STRIPE_PROXY_LOG is not set: run through scripts/with-env.sh');
  const text = readFileSync(file, 'utf8');
  t.false(text.includes(TEST_CARDS.declined));
  t.false(text.includes(TEST_CARDS.succeeds));
});
