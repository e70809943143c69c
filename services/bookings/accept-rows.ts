import { createHash, randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { keyringOf } from '../../db/encrypted';
import { encryptField } from '../../lib/crypto';
import type { CanonicalIdempotencyKey } from '../../lib/idempotency';
import type { Actor } from '../../lib/rbac';
import { businessKey } from '../../lib/temporal/business-key';
import { minorUnits, type CreateBookingBody } from './booking-input';

// The accept path's statements and ids: what it reads before it writes, the PENDING row it
// writes, and the workflow id that row names.

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

/**
 * SEC-IDEM-02: the booking workflow's id from (user, Idempotency-Key). With businessKeyStart
 * Temporal refuses a second workflow for the same pair, open or closed, whatever Redis forgot.
 * The key is the canonical one (lower case, as the idempotency middleware parsed it).
 */
export function bookingWorkflowId(userId: string, idempotencyKey: CanonicalIdempotencyKey): string {
  const keyHash = createHash('sha256').update(`${userId}\n${idempotencyKey}`).digest('hex');
  return `booking-${businessKey(userId, 'userId')}-${businessKey(keyHash, 'key hash')}`;
}

/** What the accept path needs of a booking row. */
export interface AcceptedRow {
  id: string;
  status: string;
  kind: string;
  amount_minor: number;
  currency: string;
  workflow_id: string;
}

// The booking (its notes sealed beforehand, like the passengers) and its passengers in one
// statement: atomic on its own, so nothing half-written and no transaction round trips. The
// passengers' foreign key sees the booking row of the same statement. Constant text, bound
// parameters only (SEC-VAL-05).
const INSERT_BOOKING = `
  WITH booking AS (
    INSERT INTO bookings (id, user_id, company_id, idempotency_key, workflow_id, kind, supplier,
                          amount_minor, currency, details, notes_encrypted)
    VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9::jsonb, $10)
    RETURNING id, status
  ), passengers AS (
    INSERT INTO booking_passengers (id, booking_id, user_id, position, first_name_encrypted,
                                    last_name_encrypted, passport_number_encrypted, date_of_birth_encrypted)
    SELECT p.id, booking.id, $2, p.position, p.first_name, p.last_name, p.passport_number, p.date_of_birth
      FROM booking,
           unnest($11::uuid[], $12::smallint[], $13::text[], $14::text[], $15::text[], $16::text[])
             AS p(id, position, first_name, last_name, passport_number, date_of_birth)
    RETURNING id
  )
  SELECT booking.id, booking.status, (SELECT count(*) FROM passengers) AS passengers FROM booking`;

const DELETE_BOOKING = 'DELETE FROM bookings WHERE id = $1 AND status = $2 RETURNING id';

/**
 * Ciphertexts of one passenger's fields, exactly as the BookingPassenger model's hooks make them
 * (db/models/booking-passenger.ts): under the booker's key, bound to table, column and row id
 * (SEC-DATA-01), so the model decrypts them on read.
 */
async function encryptPassenger(
  sequelize: Sequelize,
  userId: string,
  rowId: string,
  fields: Record<'first_name' | 'last_name' | 'date_of_birth', string> & { passport_number: string | null },
) {
  const keyring = keyringOf(sequelize);
  const seal = (column: keyof typeof fields) => {
    const plaintext = fields[column];
    if (plaintext === null) return Promise.resolve(null);
    const location = { table: 'booking_passengers', column: `${column}_encrypted`, rowId };
    return encryptField(keyring, plaintext, location, { userId });
  };
  const [first, last, passport, dob] = await Promise.all([
    seal('first_name'),
    seal('last_name'),
    seal('passport_number'),
    seal('date_of_birth'),
  ]);
  return { first, last, passport, dob };
}

/**
 * The booking's notes as the Booking model's hooks would seal them (db/models/booking.ts): under
 * the booker's key, bound to bookings.notes_encrypted and the row id (SEC-DATA-01, SEC-DATA-04).
 */
function encryptNotes(sequelize: Sequelize, userId: string, rowId: string, notes?: string | null) {
  if (notes === undefined || notes === null) return Promise.resolve(null);
  const location = { table: 'bookings', column: 'notes_encrypted', rowId };
  return encryptField(keyringOf(sequelize), notes, location, { userId });
}

/** Writes the PENDING booking, its encrypted notes and passengers (one statement); UniqueConstraintError on a repeated key. */
export async function insertBooking(
  sequelize: Sequelize,
  actor: Actor,
  body: CreateBookingBody,
  idempotencyKey: string,
  companyId: string | null,
): Promise<AcceptedRow> {
  const id = randomUUID();
  const notes = await encryptNotes(sequelize, actor.id, id, body.notes);
  const passengers = await Promise.all(
    body.passengers.map(async (p) => {
      const rowId = randomUUID();
      const sealed = await encryptPassenger(sequelize, actor.id, rowId, {
        first_name: p.firstName,
        last_name: p.lastName,
        date_of_birth: p.dateOfBirth,
        passport_number: p.passportNumber ?? null,
      });
      return { rowId, ...sealed };
    }),
  );
  const workflowId = bookingWorkflowId(actor.id, idempotencyKey);
  const amountMinor = minorUnits(body.amount);
  const details = body.kind === 'hotel' ? { ...body.hotel } : { ...body.flight };
  const [row] = await sequelize.query<{ id: string; status: string; passengers: string }>(INSERT_BOOKING, {
    type: QueryTypes.SELECT,
    bind: [
      id,
      actor.id,
      companyId,
      idempotencyKey,
      workflowId,
      body.kind,
      amountMinor,
      body.currency,
      JSON.stringify(details),
      notes,
      passengers.map((p) => p.rowId),
      passengers.map((_, position) => position),
      passengers.map((p) => p.first),
      passengers.map((p) => p.last),
      passengers.map((p) => p.passport),
      passengers.map((p) => p.dob),
    ],
  });
  if (!row || Number(row.passengers) !== passengers.length) throw new Error('booking insert wrote no rows');
  return {
    id: row.id,
    status: row.status,
    kind: body.kind,
    amount_minor: amountMinor,
    currency: body.currency,
    workflow_id: workflowId,
  };
}

/** Takes back a PENDING booking whose saga could not start (its passengers go with it, ON DELETE CASCADE). */
export async function deletePendingBooking(sequelize: Sequelize, id: string): Promise<void> {
  await sequelize.query(DELETE_BOOKING, { type: QueryTypes.SELECT, bind: [id, 'PENDING'] });
}

const CREATED_AUDITED = `SELECT 1 AS audited FROM audit_events
  WHERE resource_type = 'booking' AND resource_id = $1 AND event_type = 'booking.created' LIMIT 1`;

/**
 * Whether the booking's `booking.created` is stored. A replay asks when the saga was already
 * running: the accept that started it may have lost the start's answer (issue 20.2) and never
 * written it. Replays of one key run one at a time (the idempotency claim), so asking is safe.
 */
export async function bookingCreatedAudited(sequelize: Sequelize, id: string): Promise<boolean> {
  const rows = await sequelize.query(CREATED_AUDITED, { type: QueryTypes.SELECT, bind: [id] });
  return rows.length > 0;
}
