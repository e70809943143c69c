import type { Transaction } from 'sequelize';
import type { Booking } from '../../db/models/booking';
import { errors } from '../../lib/errors';
import type { Actor } from '../../lib/rbac';
import { lockedRefundable } from '../refunds/reserve-refund';
import { cancellationTerms } from './cancellation-policy';
import { findQuote, insertQuote, type QuoteRow } from './cancellation-quote-rows';
import type { CancellationQuoteView } from './cancellation-quote-view';
import type { BookingsDeps } from './deps';

export type { CancellationQuoteView };

export function quoteView(row: QuoteRow): CancellationQuoteView {
  return {
    id: row.id,
    bookingId: row.booking_id,
    phase: row.phase,
    refundMinor: Number(row.refund_minor),
    deductionMinor: Number(row.deduction_minor),
    currency: row.currency,
    expiresAt: new Date(row.expires_at).toISOString(),
    status: row.status,
    confirmUrl: `/api/v1/bookings/${row.booking_id}/cancellation-quotes/${row.id}/confirm`,
  };
}

function notQuotable(why: string) {
  return errors.conflict('BOOKING_NOT_CANCELLABLE', why);
}

export interface QuoteRefund {
  phase: 'free' | 'late';
  refundMinor: number;
  deductionMinor: number;
  currency: string;
  /** The terms change then (the free deadline, or the start). */
  holdsUntil: Date;
}

/**
 * What cancelling `booking` at `now` gives back: its terms applied to what was captured, never
 * more than can still be refunded (refunds issued, requested or promised by a confirmed quote
 * are held back). Runs inside `transaction`, which then holds the payment row's lock.
 */
export async function refundOnTerms(
  deps: Pick<BookingsDeps, 'models'>,
  booking: Pick<Booking, 'id' | 'status' | 'cancellation_policy' | 'starts_at'>,
  now: Date,
  transaction: Transaction,
): Promise<QuoteRefund> {
  if (booking.status !== 'CONFIRMED' || !booking.cancellation_policy || !booking.starts_at) {
    throw notQuotable('Only a confirmed booking with cancellation terms is quoted');
  }
  const payment = await lockedRefundable(deps.models.Booking.sequelize!, booking.id, transaction);
  if (!payment) throw notQuotable('Nothing was captured for this booking');
  // What the booking cost in all: its payment and what its changes charged on top.
  const paid = payment.capturedMinor + payment.changeChargesMinor;
  const terms = cancellationTerms(booking.cancellation_policy, booking.starts_at, paid, now);
  if (!terms) throw notQuotable('The stay or flight has started');
  return {
    phase: terms.phase,
    refundMinor: Math.min(terms.refundMinor, payment.refundable + payment.changeChargesMinor),
    deductionMinor: terms.deductionMinor,
    currency: payment.currency,
    holdsUntil: terms.holdsUntil,
  };
}

/**
 * A new quote for `booking` (already found visible and cancellable by the caller): it holds for
 * the configured time, never past the moment its terms change, and supersedes every older one.
 */
export async function issueQuote(
  deps: Pick<BookingsDeps, 'models' | 'timeouts'>,
  actor: Actor,
  booking: Pick<Booking, 'id' | 'status' | 'cancellation_policy' | 'starts_at'>,
  now = new Date(),
): Promise<QuoteRow> {
  const sequelize = deps.models.Booking.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const refund = await refundOnTerms(deps, booking, now, transaction);
    const ttlEnd = now.getTime() + deps.timeouts.cancellationQuoteTtlSeconds * 1000;
    return insertQuote(
      sequelize,
      {
        bookingId: booking.id,
        requestedBy: actor.id,
        phase: refund.phase,
        refundMinor: refund.refundMinor,
        deductionMinor: refund.deductionMinor,
        currency: refund.currency,
        expiresAt: new Date(Math.min(ttlEnd, refund.holdsUntil.getTime())),
      },
      transaction,
    );
  });
}

/**
 * Takes the booking's quote for confirmation: it must be the latest (open), unexpired at `now`;
 * it becomes `confirmed` and from then holds its refund back from refund requests.
 */
export async function takeQuote(
  deps: Pick<BookingsDeps, 'models'>,
  bookingId: string,
  quoteId: string,
  now = new Date(),
): Promise<QuoteRow> {
  const sequelize = deps.models.Booking.sequelize!;
  return sequelize.transaction(async (transaction) => {
    // The payment row's lock first, as issueQuote takes it: quotes of one booking queue here.
    await lockedRefundable(sequelize, bookingId, transaction);
    const quote = await findQuote(sequelize, bookingId, quoteId, transaction);
    if (!quote) throw errors.notFound('Cancellation quote');
    if (quote.status === 'superseded') {
      throw errors.conflict('QUOTE_SUPERSEDED', 'A newer quote replaced this one: confirm the latest');
    }
    if (quote.status !== 'open') {
      throw errors.conflict('QUOTE_NOT_OPEN', `This quote was already ${quote.status}`);
    }
    if (new Date(quote.expires_at).getTime() <= now.getTime()) {
      throw errors.conflict('QUOTE_EXPIRED', 'This quote has expired: ask for a new one');
    }
    await sequelize.query(
      "UPDATE cancellation_quotes SET status = 'confirmed', decided_at = now() WHERE id = $1",
      { bind: [quote.id], transaction },
    );
    return { ...quote, status: 'confirmed' };
  });
}
