import { randomBytes, randomUUID } from 'node:crypto';
import type { TestDatabase } from '../../helpers/databases';
import { rawQuery } from '../../audit/helpers/audit-db';

export const DAY_MS = 86_400_000;

/** A value the user-class ciphertext CHECKs accept (never decrypted by the retention steps). */
export const fakeCiphertext = () =>
  `v1.user.1.${randomBytes(12).toString('base64url')}.${randomBytes(24).toString('base64url')}`;

/** A bare account row (what bookings and tokens point at). */
export async function plantUser(db: TestDatabase): Promise<string> {
  const id = randomUUID();
  await rawQuery(db, 'INSERT INTO users (id) VALUES ($1)', [id]);
  return id;
}

/** A refresh token of a family ending at `expiresAt`; answers its family id. */
export async function plantRefreshToken(db: TestDatabase, userId: string, expiresAt: Date): Promise<string> {
  const family = randomUUID();
  await rawQuery(
    db,
    'INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [randomUUID(), family, userId, randomBytes(32), expiresAt],
  );
  return family;
}

/** A one-time account token expiring at `expiresAt`, spent or not; answers its id. */
export async function plantAccountToken(
  db: TestDatabase,
  userId: string,
  purpose: 'reset_password' | 'verify_email',
  expiresAt: Date,
  consumed = false,
): Promise<string> {
  const id = randomUUID();
  await rawQuery(
    db,
    `INSERT INTO account_tokens (id, user_id, purpose, token_hash, expires_at, consumed_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN $5::timestamptz - interval '10 minutes' END)`,
    [id, userId, purpose, randomBytes(32), expiresAt, consumed],
  );
  return id;
}

/** YYYY-MM-DD of an instant (UTC). */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface PlantedBooking {
  id: string;
  tripEnd: string;
}

/**
 * A booking whose trip's last day is `lastDay` (hotel: check-out; flight: return, or departure
 * when one-way), with notes and two passengers (the first with a passport number).
 */
export async function plantBooking(
  db: TestDatabase,
  userId: string,
  lastDay: string,
  kind: 'hotel' | 'flight-return' | 'flight-one-way' = 'hotel',
  status = 'CONFIRMED',
): Promise<PlantedBooking> {
  const id = randomUUID();
  const details =
    kind === 'hotel'
      ? { hotelId: 'h1', roomType: 'double', checkIn: '2000-01-01', checkOut: lastDay, rooms: 1, guests: 2 }
      : kind === 'flight-return'
        ? {
            flightId: 'f1',
            origin: 'CDG',
            destination: 'JFK',
            departureDate: '2000-01-01',
            returnDate: lastDay,
            seats: 2,
          }
        : { flightId: 'f1', origin: 'CDG', destination: 'JFK', departureDate: lastDay, seats: 2 };
  await rawQuery(
    db,
    `INSERT INTO bookings (id, user_id, idempotency_key, workflow_id, status, kind, supplier, amount_minor,
                           currency, details, notes_encrypted)
     VALUES ($1, $2, $3, $4, $5, $6, $6, 12345, 'EUR', $7::jsonb, $8)`,
    [
      id,
      userId,
      randomUUID(),
      `booking-${userId}-${randomBytes(8).toString('hex')}`,
      status,
      kind === 'hotel' ? 'hotel' : 'flight',
      JSON.stringify(details),
      fakeCiphertext(),
    ],
  );
  for (const position of [0, 1]) {
    await rawQuery(
      db,
      `INSERT INTO booking_passengers (id, booking_id, user_id, position, first_name_encrypted,
         last_name_encrypted, passport_number_encrypted, date_of_birth_encrypted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        id,
        userId,
        position,
        fakeCiphertext(),
        fakeCiphertext(),
        position === 0 ? fakeCiphertext() : null,
        fakeCiphertext(),
      ],
    );
  }
  return { id, tripEnd: lastDay };
}

export interface BookingState {
  id: string;
  status: string;
  amount_minor: string;
  currency: string;
  details: Record<string, unknown>;
  notes: boolean;
  passengers: number;
  passports: number;
}

/** What the retention rules may change of each booking, by id. */
export async function bookingStates(db: TestDatabase): Promise<Map<string, BookingState>> {
  const rows = await rawQuery<BookingState>(
    db,
    `SELECT b.id, b.status, b.amount_minor, b.currency, b.details, b.notes_encrypted IS NOT NULL AS notes,
            (SELECT count(*) FROM booking_passengers p WHERE p.booking_id = b.id)::int AS passengers,
            (SELECT count(*) FROM booking_passengers p
              WHERE p.booking_id = b.id AND p.passport_number_encrypted IS NOT NULL)::int AS passports
       FROM bookings b`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}
