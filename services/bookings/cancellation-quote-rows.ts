import { randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { QuoteStatus } from './cancellation-quote-view';

export type { QuoteStatus };

export interface QuoteRow {
  id: string;
  booking_id: string;
  requested_by: string;
  phase: 'free' | 'late';
  refund_minor: string | number;
  deduction_minor: string | number;
  currency: string;
  status: QuoteStatus;
  expires_at: Date;
  created_at: Date;
}

export interface NewQuote {
  bookingId: string;
  requestedBy: string;
  phase: 'free' | 'late';
  refundMinor: number;
  deductionMinor: number;
  currency: string;
  expiresAt: Date;
}

/**
 * The booking's new quote: every quote still open is superseded in the same transaction (which
 * holds the booking's payment row lock), so only the latest can ever be confirmed.
 */
export async function insertQuote(
  sequelize: Sequelize,
  quote: NewQuote,
  transaction: Transaction,
): Promise<QuoteRow> {
  await sequelize.query(
    `UPDATE cancellation_quotes SET status = 'superseded', decided_at = now()
      WHERE booking_id = $1 AND status = 'open'`,
    { bind: [quote.bookingId], transaction },
  );
  const [row] = await sequelize.query<QuoteRow>(
    `INSERT INTO cancellation_quotes
       (id, booking_id, requested_by, phase, refund_minor, deduction_minor, currency, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    {
      bind: [
        randomUUID(),
        quote.bookingId,
        quote.requestedBy,
        quote.phase,
        quote.refundMinor,
        quote.deductionMinor,
        quote.currency,
        quote.expiresAt,
      ],
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  return row!;
}

export async function findQuote(
  sequelize: Sequelize,
  bookingId: string,
  quoteId: string,
  transaction?: Transaction,
): Promise<QuoteRow | undefined> {
  const [row] = await sequelize.query<QuoteRow>(
    'SELECT * FROM cancellation_quotes WHERE id = $1 AND booking_id = $2 FOR UPDATE',
    { bind: [quoteId, bookingId], type: QueryTypes.SELECT, transaction },
  );
  return row;
}

/** Moves a quote on from `from`; false when another request moved it first. */
export async function setQuoteStatus(
  sequelize: Sequelize,
  id: string,
  from: QuoteStatus,
  to: QuoteStatus,
  transaction?: Transaction,
): Promise<boolean> {
  const [, affected] = await sequelize.query(
    'UPDATE cancellation_quotes SET status = $3, decided_at = now() WHERE id = $1 AND status = $2',
    { bind: [id, from, to], type: QueryTypes.UPDATE, transaction },
  );
  return Number(affected) === 1;
}
