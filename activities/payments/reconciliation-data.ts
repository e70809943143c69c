import { Op, QueryTypes } from 'sequelize';
import { DAY_MS, dayNumber } from '../../lib/dates/calendar-days';
import type { PaymentModels } from '../../db/models/payment-models';
import { changeChargeRefunds, changeChargeRows } from './reconciliation-change-charges';
import type {
  Finding,
  FindingKind,
  PlatformPaymentView,
  PlatformRefundView,
} from '../../services/reconciliation/findings';

/** The day's bounds in epoch ms (UTC); `day` is a real calendar day, `YYYY-MM-DD` (lib/dates). */
export function dayBounds(day: string): { startMs: number; endMs: number } {
  const startMs = dayNumber(day) * DAY_MS;
  if (Number.isNaN(startMs)) throw new Error('day must be YYYY-MM-DD');
  return { startMs, endMs: startMs + DAY_MS };
}

interface BookingFacts {
  id: string;
  status: string;
  end_day: string | null;
}

const BOOKING_FACTS = `
  SELECT id, status, COALESCE(details->>'checkOut', details#>>'{item,checkOut}') AS end_day
    FROM bookings WHERE id = ANY($1::uuid[])`;

/**
 * The platform's payments created between `fromMs` and `toMs`, their Stripe ids decrypted (this
 * runs on the payments pool, the one pool holding the payment data keys), with their booking's
 * status and end.
 */
export async function platformPayments(
  models: PaymentModels,
  fromMs: number,
  toMs: number,
): Promise<Array<PlatformPaymentView & { createdMs: number }>> {
  const payments = await models.Payment.findAll({
    where: { createdAt: { [Op.gte]: new Date(fromMs), [Op.lt]: new Date(toMs) } },
    order: [['id', 'ASC']],
  });
  const rows = [
    ...payments.map((r) => ({
      id: r.id,
      booking_id: r.booking_id,
      stripe_payment_intent_id: r.stripe_payment_intent_id,
      amount_minor: r.amount_minor,
      currency: r.currency,
      status: r.status as string,
      createdAt: r.get('createdAt') as Date,
    })),
    // A booking change's charge is a payment of its own at Stripe (issue 18.2).
    ...(await changeChargeRows(models, fromMs, toMs)),
  ];
  if (rows.length === 0) return [];
  const facts = await models.Payment.sequelize!.query<BookingFacts>(BOOKING_FACTS, {
    bind: [rows.map((r) => r.booking_id)],
    type: QueryTypes.SELECT,
  });
  const byBooking = new Map(facts.map((f) => [f.id, f]));
  return rows.map((r) => {
    const booking = byBooking.get(r.booking_id);
    const endMs = booking?.end_day ? Date.parse(`${booking.end_day}T00:00:00.000Z`) : NaN;
    return {
      id: r.id,
      bookingId: r.booking_id,
      paymentIntentId: r.stripe_payment_intent_id,
      amountMinor: r.amount_minor,
      currency: r.currency,
      status: r.status,
      bookingStatus: booking?.status ?? null,
      bookingEndMs: Number.isNaN(endMs) ? null : endMs,
      createdMs: r.createdAt.getTime(),
    };
  });
}

/** The platform's refunds created in the window, keyed by their decrypted Stripe refund id. */
export async function platformRefunds(
  models: PaymentModels,
  fromMs: number,
  toMs: number,
): Promise<Array<PlatformRefundView & { stripeRefundId: string | null; status: string; createdMs: number }>> {
  const rows = await models.PaymentRefund.findAll({
    where: { createdAt: { [Op.gte]: new Date(fromMs), [Op.lt]: new Date(toMs) } },
    order: [['id', 'ASC']],
  });
  return [
    ...rows.map((r) => ({
      id: r.id,
      paymentId: r.payment_id,
      amountMinor: r.amount_minor,
      stripeRefundId: r.stripe_refund_id,
      status: r.status as string,
      createdMs: (r.get('createdAt') as Date).getTime(),
    })),
    ...(await changeChargeRefunds(models, fromMs, toMs)),
  ];
}

const INSERT_FINDING = `
  INSERT INTO reconciliation_findings (id, day, kind, subject, payment_id, stripe_amount_minor,
                                       platform_amount_minor, currency, stripe_status, platform_status)
  VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (day, kind, subject) DO NOTHING
  RETURNING id`;

/** Stores findings once per (day, kind, subject); answers how many were new. */
export async function storeFindings(
  models: PaymentModels,
  day: string,
  findings: Finding[],
): Promise<number> {
  let stored = 0;
  for (const f of findings) {
    const inserted = await models.Payment.sequelize!.query(INSERT_FINDING, {
      bind: [
        day,
        f.kind,
        f.subject,
        f.paymentId ?? null,
        f.stripeAmountMinor ?? null,
        f.platformAmountMinor ?? null,
        f.currency ?? null,
        f.stripeStatus ?? null,
        f.platformStatus ?? null,
      ],
      type: QueryTypes.SELECT,
    });
    stored += inserted.length;
  }
  return stored;
}

/** Marks the day's `authorisation_open` findings of these payments as fixed automatically. */
export async function markAutoFixed(
  models: PaymentModels,
  day: string,
  paymentIds: string[],
): Promise<number> {
  if (paymentIds.length === 0) return 0;
  const [, count] = await models.Payment.sequelize!.query(
    `UPDATE reconciliation_findings SET auto_fixed = true
      WHERE day = $1 AND kind = 'authorisation_open' AND payment_id = ANY($2::uuid[]) AND NOT auto_fixed`,
    { bind: [day, paymentIds], type: QueryTypes.UPDATE },
  );
  return count;
}

/** The day's findings counted by kind. */
export async function countFindingsOfDay(
  models: PaymentModels,
  day: string,
): Promise<Partial<Record<FindingKind, number>>> {
  const rows = await models.Payment.sequelize!.query<{ kind: FindingKind; n: string }>(
    'SELECT kind, count(*) AS n FROM reconciliation_findings WHERE day = $1 GROUP BY kind ORDER BY kind',
    { bind: [day], type: QueryTypes.SELECT },
  );
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}
