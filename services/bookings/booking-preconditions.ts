import { QueryTypes, type Sequelize } from 'sequelize';

/** What the accept path checks before it writes, read in one round trip. */
export interface BookingPreconditions {
  companyId: string | null;
  emailVerified: boolean;
  /** The booking already made with this (user, key), if any (SEC-IDEM-02). */
  existingBookingId: string | null;
  /** End of the longest payment block in force at `now` (SEC-PAY-06), if any. */
  blockedUntil: Date | null;
}

// The same three reads the accept path made one by one (the user, the booking of this key, the
// payment block in force), as one statement. Constant text, bound parameters only (SEC-VAL-05).
// The block read is SEC-PAY-06's rule as services/payments/payment-blocks.ts `activeBlock` defines
// it (ends after `now`, the longest lasting wins), written in SQL only to save the round trip:
// test/payments/sec-pay-06-blocked-until.test.ts checks it picks what `activeBlock` picks.
const PRECONDITIONS = `
  SELECT u.company_id, u.email_verified_at IS NOT NULL AS email_verified,
         (SELECT b.id FROM bookings b WHERE b.user_id = u.id AND b.idempotency_key = $2) AS existing_booking_id,
         (SELECT max(pb.blocked_until) FROM payment_blocks pb
           WHERE pb.user_id = u.id AND pb.blocked_until > $3) AS blocked_until
    FROM users u WHERE u.id = $1`;

interface Row {
  company_id: string | null;
  email_verified: boolean;
  existing_booking_id: string | null;
  blocked_until: Date | null;
}

/** Undefined when there is no such user. */
export async function bookingPreconditions(
  sequelize: Sequelize,
  userId: string,
  idempotencyKey: string,
  now: Date,
): Promise<BookingPreconditions | undefined> {
  const [row] = await sequelize.query<Row>(PRECONDITIONS, {
    type: QueryTypes.SELECT,
    bind: [userId, idempotencyKey, now],
  });
  if (!row) return undefined;
  return {
    companyId: row.company_id,
    emailVerified: row.email_verified,
    existingBookingId: row.existing_booking_id,
    blockedUntil: row.blocked_until && new Date(row.blocked_until),
  };
}
