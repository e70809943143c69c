import { randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { keyringOf } from '../../db/encrypted';
import { encryptField } from '../../lib/crypto';
import type { Actor } from '../../lib/rbac';
import { minorUnits, type CreateBookingBody } from './booking-input';
import { bookingWorkflowId } from './workflow-id';

/** What the accept path needs of a booking row. */
export interface AcceptedRow {
  id: string;
  status: string;
  kind: string;
  amount_minor: number;
  currency: string;
  workflow_id: string;
}

// The booking and its passengers in one statement: atomic on its own, so nothing half-written and
// no transaction round trips. The passengers' foreign key sees the booking row of the same
// statement. Constant text, bound parameters only (SEC-VAL-05).
const INSERT_BOOKING = `
  WITH booking AS (
    INSERT INTO bookings (id, user_id, company_id, idempotency_key, workflow_id, kind, supplier,
                          amount_minor, currency, details, notes)
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

/** Writes the PENDING booking and its encrypted passengers (one statement); UniqueConstraintError on a repeated key. */
export async function insertBooking(
  sequelize: Sequelize,
  actor: Actor,
  body: CreateBookingBody,
  idempotencyKey: string,
  companyId: string | null,
): Promise<AcceptedRow> {
  const id = randomUUID();
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
      body.notes ?? null,
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
