import { randomBytes, randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createMigrator } from '../../../db/migrator';
import { createSequelize } from '../../../lib/clients';
import type { Actor } from '../../../lib/rbac';
import { bookingFor, customer, type PaymentsHarness } from '../../payments/helpers/payments-db';
import {
  createPaymentMethod,
  localstripeObject,
  localstripeUrl,
  TEST_CARDS,
} from '../../payments/helpers/stripe-stack';
import { loadConfig } from '../../../lib/config';

/** Applies the migrations the template may not have yet (the private database only). */
export async function migratePending(h: PaymentsHarness): Promise<void> {
  const owner = createSequelize(h.db.config, 'owner');
  try {
    await createMigrator(owner).up();
  } finally {
    await owner.close();
  }
}

export interface PaidBooking {
  actor: Actor;
  bookingId: string;
  paymentId: string;
  intentId: string;
  chargeId: string;
  amountMinor: number;
}

async function insertBooking(
  sequelize: Sequelize,
  actor: Actor,
  bookingId: string,
  status: string,
  checkOut: string,
) {
  await sequelize.query('INSERT INTO users (id) VALUES ($1) ON CONFLICT DO NOTHING', {
    bind: [actor.id],
    type: QueryTypes.INSERT,
  });
  await sequelize.query(
    `INSERT INTO bookings (id, user_id, idempotency_key, workflow_id, status, kind, supplier,
                           amount_minor, currency, details)
     VALUES ($1, $2, $3, $4, $5, 'hotel', 'hotel', 12345, 'EUR', $6::jsonb)`,
    {
      bind: [
        bookingId,
        actor.id,
        randomUUID(),
        `booking-${actor.id}-${randomUUID()}`,
        status,
        JSON.stringify({ checkOut }),
      ],
      type: QueryTypes.INSERT,
    },
  );
}

/**
 * A booking row with `status` and its payment made through the platform's own activities:
 * authorised (manual capture), then captured unless `capture` is false.
 */
export async function paidBooking(
  h: PaymentsHarness,
  {
    status,
    capture = true,
    checkOut = '2099-01-02',
  }: { status: string; capture?: boolean; checkOut?: string },
): Promise<PaidBooking> {
  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.succeeds));
  await insertBooking(h.sequelize, booking.actor, booking.bookingId, status, checkOut);
  const attempt = await h.activities.createPaymentIntent(booking);
  if (attempt.outcome !== 'authorised') throw new Error(`payment ${attempt.outcome}`);
  if (capture) await h.activities.capturePaymentIntent(booking);
  const row = (await h.models.Payment.findOne({ where: { booking_id: booking.bookingId } }))!;
  const intent = await localstripeObject<{ latest_charge: { id: string } }>(
    `/v1/payment_intents/${row.stripe_payment_intent_id}`,
  );
  return {
    actor: booking.actor,
    bookingId: booking.bookingId,
    paymentId: row.id,
    intentId: row.stripe_payment_intent_id!,
    chargeId: intent.latest_charge.id,
    amountMinor: booking.amountMinor,
  };
}

async function atLocalstripe<T>(path: string, fields: Record<string, string>): Promise<T> {
  const res = await fetch(`${localstripeUrl()}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${loadConfig().stripe.secretKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`localstripe refused ${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** A card payment made at localstripe directly, behind the platform's back: its charge id. */
export async function chargeBehindTheBack(amountMinor: number): Promise<string> {
  const intent = await atLocalstripe<{ id: string }>('/v1/payment_intents', {
    amount: String(amountMinor),
    currency: 'eur',
    payment_method: await createPaymentMethod(TEST_CARDS.succeeds),
    confirm: 'true',
  });
  const read = await localstripeObject<{ latest_charge: { id: string } }>(`/v1/payment_intents/${intent.id}`);
  return read.latest_charge.id;
}

/** A refund made at localstripe directly on `chargeId`, behind the platform's back: its id. */
export async function refundBehindTheBack(chargeId: string, amountMinor: number): Promise<string> {
  const refund = await atLocalstripe<{ id: string }>('/v1/refunds', {
    charge: chargeId,
    amount: String(amountMinor),
  });
  return refund.id;
}

/** A succeeded payment row, of no booking, that Stripe never saw: answers its id. */
export async function paymentStripeNeverSaw(h: PaymentsHarness): Promise<string> {
  const ghost = await h.models.Payment.create({
    booking_id: randomUUID(),
    user_id: randomUUID(),
    amount_minor: 999,
    currency: 'EUR',
    status: 'succeeded',
    stripe_payment_method_id: 'pm_ghost',
    stripe_payment_intent_id: `pi_ghost${randomBytes(6).toString('hex')}`,
  });
  return ghost.id;
}

/** A succeeded refund row of `paymentId` that Stripe never saw: answers its id. */
export async function refundStripeNeverSaw(h: PaymentsHarness, paymentId: string): Promise<string> {
  const ghost = await h.models.PaymentRefund.create({
    id: randomUUID(),
    payment_id: paymentId,
    amount_minor: 10,
    status: 'succeeded',
    stripe_refund_id: `re_ghost${randomBytes(6).toString('hex')}`,
  });
  return ghost.id;
}

export interface StoredFinding {
  kind: string;
  subject: string;
  payment_id: string | null;
  auto_fixed: boolean;
}

export async function storedFindings(h: PaymentsHarness, day: string): Promise<StoredFinding[]> {
  return h.sequelize.query<StoredFinding>(
    'SELECT kind, subject, payment_id, auto_fixed FROM reconciliation_findings WHERE day = $1 ORDER BY kind, subject',
    { bind: [day], type: QueryTypes.SELECT },
  );
}
