import { QueryTypes, type Sequelize } from 'sequelize';

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const minor = (value: string | number) => Number(value);

// Amounts and states only: never a Stripe id (PaymentIntent, PaymentMethod, refund: encrypted
// columns, not selected), never who decided for the platform (an administrator's id is theirs).
const PAYMENTS = `
  SELECT id, booking_id, amount_minor, currency, status, failure_code, captured_minor, refunded_minor,
    card_brand, card_last4, created_at, updated_at
  FROM payments WHERE booking_id = ANY($1::uuid[]) AND user_id = $2 ORDER BY created_at, id`;
const PAYMENT_REFUNDS = `
  SELECT r.id, r.payment_id, r.amount_minor, r.status, r.created_at, r.updated_at
  FROM payment_refunds r JOIN payments p ON p.id = r.payment_id
  WHERE p.booking_id = ANY($1::uuid[]) AND p.user_id = $2 ORDER BY r.created_at, r.id`;
const REFUND_REQUESTS = `
  SELECT q.id, q.booking_id, q.amount_minor, q.currency, q.reason, q.status, q.decision_reason,
    q.requested_by = $2 AS requested_by_you, q.created_at, q.updated_at
  FROM refund_requests q JOIN bookings b ON b.id = q.booking_id
  WHERE q.booking_id = ANY($1::uuid[]) AND b.user_id = $2 ORDER BY q.created_at, q.id`;
const CANCELLATION_QUOTES = `
  SELECT q.id, q.booking_id, q.phase, q.refund_minor, q.deduction_minor, q.currency, q.status,
    q.expires_at, q.created_at, q.decided_at, q.requested_by = $2 AS requested_by_you
  FROM cancellation_quotes q JOIN bookings b ON b.id = q.booking_id
  WHERE q.booking_id = ANY($1::uuid[]) AND b.user_id = $2 ORDER BY q.created_at, q.id`;
const CHANGE_CHARGES = `
  SELECT c.id, c.booking_id, c.amount_minor, c.currency, c.status, c.cancellation_refunded_minor,
    c.created_at, c.updated_at
  FROM booking_change_charges c JOIN bookings b ON b.id = c.booking_id
  WHERE c.booking_id = ANY($1::uuid[]) AND b.user_id = $2 ORDER BY c.created_at, c.id`;
const DECLINES = `
  SELECT booking_id, decline_code, declined_at
  FROM payment_declines WHERE booking_id = ANY($1::uuid[]) AND user_id = $2`;

type Row = Record<string, unknown>;

function byBooking<T>(rows: Row[], shape: (row: Row) => T): Map<string, T[]> {
  const found = new Map<string, T[]>();
  for (const row of rows) {
    const id = row.booking_id as string;
    found.set(id, [...(found.get(id) ?? []), shape(row)]);
  }
  return found;
}

const refundShape = (r: Row) => ({
  id: r.id as string,
  amountMinor: minor(r.amount_minor as string),
  status: r.status as string,
  createdAt: iso(r.created_at as Date),
  updatedAt: iso(r.updated_at as Date),
});

/**
 * What belongs to a page of the user's bookings besides the booking and its passengers: the
 * payment (brand, last4, amounts) with its refunds, refund requests, cancellation quotes, the
 * charges of booking changes and a recorded card decline. Every query is held to bookings of
 * `userId` as well as to the page's ids.
 */
export async function bookingExtras(sequelize: Sequelize, userId: string, bookingIds: string[]) {
  const read = (sql: string) =>
    sequelize.query<Row>(sql, { bind: [bookingIds, userId], type: QueryTypes.SELECT });
  const [payments, refunds, requests, quotes, charges, declines] = await Promise.all([
    read(PAYMENTS),
    read(PAYMENT_REFUNDS),
    read(REFUND_REQUESTS),
    read(CANCELLATION_QUOTES),
    read(CHANGE_CHARGES),
    read(DECLINES),
  ]);
  const refundsOf = new Map<string, ReturnType<typeof refundShape>[]>();
  for (const r of refunds) {
    const id = r.payment_id as string;
    refundsOf.set(id, [...(refundsOf.get(id) ?? []), refundShape(r)]);
  }
  return {
    payments: byBooking(payments, (p) => ({
      id: p.id as string,
      amountMinor: minor(p.amount_minor as string),
      currency: p.currency as string,
      status: p.status as string,
      failureCode: p.failure_code as string | null,
      capturedMinor: minor(p.captured_minor as string),
      refundedMinor: minor(p.refunded_minor as string),
      card: { brand: p.card_brand as string | null, last4: p.card_last4 as string | null },
      createdAt: iso(p.created_at as Date),
      updatedAt: iso(p.updated_at as Date),
      refunds: refundsOf.get(p.id as string) ?? [],
    })),
    refundRequests: byBooking(requests, (q) => ({
      id: q.id as string,
      amountMinor: minor(q.amount_minor as string),
      currency: q.currency as string,
      reason: q.reason as string,
      status: q.status as string,
      decisionReason: q.decision_reason as string | null,
      requestedByYou: q.requested_by_you as boolean,
      createdAt: iso(q.created_at as Date),
      updatedAt: iso(q.updated_at as Date),
    })),
    cancellationQuotes: byBooking(quotes, (q) => ({
      id: q.id as string,
      phase: q.phase as string,
      refundMinor: minor(q.refund_minor as string),
      deductionMinor: minor(q.deduction_minor as string),
      currency: q.currency as string,
      status: q.status as string,
      expiresAt: iso(q.expires_at as Date),
      createdAt: iso(q.created_at as Date),
      decidedAt: iso(q.decided_at as Date | null),
      requestedByYou: q.requested_by_you as boolean,
    })),
    changeCharges: byBooking(charges, (c) => ({
      id: c.id as string,
      amountMinor: minor(c.amount_minor as string),
      currency: c.currency as string,
      status: c.status as string,
      refundedOnCancellationMinor: minor(c.cancellation_refunded_minor as string),
      createdAt: iso(c.created_at as Date),
      updatedAt: iso(c.updated_at as Date),
    })),
    cardDeclines: byBooking(declines, (d) => ({
      code: d.decline_code as string,
      declinedAt: iso(d.declined_at as Date),
    })),
  };
}
