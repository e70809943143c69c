import { randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { encryptField, type Keyring } from '../lib/crypto';

/** One confirmed, captured booking payment as the saga leaves it; `intentId` is Stripe's. */
export interface PlantedPayment {
  id: string;
  bookingId: string;
  intentId: string;
  amountMinor: number;
}

const BATCH = 2_000;
const USERS = 1_000;

const INSERT_BOOKINGS = `
  INSERT INTO bookings (id, user_id, idempotency_key, workflow_id, status, kind, supplier, amount_minor,
                        currency, details, created_at, updated_at)
  SELECT b.id, b.user_id, b.key, 'booking-' || b.user_id || '-' || b.key, 'CONFIRMED', 'hotel', 'hotel',
         b.amount, 'EUR', jsonb_build_object('checkOut', '2099-01-02'), $5::timestamptz, $5::timestamptz
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[]) AS b(id, user_id, key, amount)`;

const INSERT_PAYMENTS = `
  INSERT INTO payments (id, booking_id, user_id, amount_minor, currency, status, captured_minor, card_brand,
                        card_last4, stripe_payment_method_id_encrypted, stripe_payment_intent_id_encrypted,
                        created_at, updated_at)
  SELECT p.id, p.booking_id, p.user_id, p.amount, 'EUR', 'succeeded', p.amount, 'visa', '4242', p.pm, p.pi,
         $7::timestamptz, $7::timestamptz
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::text[], $6::text[])
         AS p(id, booking_id, user_id, amount, pm, pi)`;

/** `USERS` customers for the planted bookings (bookings.user_id references users). */
async function plantUsers(sequelize: Sequelize): Promise<string[]> {
  const ids = Array.from({ length: USERS }, () => randomUUID());
  await sequelize.query('INSERT INTO users (id) SELECT unnest($1::uuid[])', {
    bind: [ids],
    type: QueryTypes.INSERT,
  });
  return ids;
}

/**
 * Writes one CONFIRMED booking (the intent's `bookingId`, else a new one) and its captured payment per intent, as the platform writes them
 * (the Stripe ids encrypted under the payment class key with the row's associated data, exactly
 * as the Payment model's hooks do), created at `at`, in batches of unnest() inserts.
 */
export async function plantPayments(
  sequelize: Sequelize,
  keyring: Keyring,
  intents: Array<{ intentId: string; amountMinor: number; bookingId?: string }>,
  at: Date,
  paymentMethodId: string,
): Promise<PlantedPayment[]> {
  const users = await plantUsers(sequelize);
  const planted: PlantedPayment[] = [];
  for (let start = 0; start < intents.length; start += BATCH) {
    const batch = intents.slice(start, start + BATCH).map((intent, i) => ({
      ...intent,
      id: randomUUID(),
      bookingId: intent.bookingId ?? randomUUID(),
      userId: users[(start + i) % USERS]!,
    }));
    const sealed = await Promise.all(
      batch.map(async (p) => {
        const where = (column: string) => ({ table: 'payments', column, rowId: p.id });
        const key = { dataClass: 'payment' as const };
        return {
          pm: await encryptField(keyring, paymentMethodId, where('stripe_payment_method_id_encrypted'), key),
          pi: await encryptField(keyring, p.intentId, where('stripe_payment_intent_id_encrypted'), key),
        };
      }),
    );
    await sequelize.query(INSERT_BOOKINGS, {
      bind: [
        batch.map((p) => p.bookingId),
        batch.map((p) => p.userId),
        batch.map(() => randomUUID()),
        batch.map((p) => p.amountMinor),
        at.toISOString(),
      ],
      type: QueryTypes.INSERT,
    });
    await sequelize.query(INSERT_PAYMENTS, {
      bind: [
        batch.map((p) => p.id),
        batch.map((p) => p.bookingId),
        batch.map((p) => p.userId),
        batch.map((p) => p.amountMinor),
        sealed.map((s) => s.pm),
        sealed.map((s) => s.pi),
        at.toISOString(),
      ],
      type: QueryTypes.INSERT,
    });
    for (const p of batch)
      planted.push({ id: p.id, bookingId: p.bookingId, intentId: p.intentId, amountMinor: p.amountMinor });
  }
  return planted;
}

/** Every `every`-th planted payment's amount changed behind the platform's back: findings to store. */
export async function plantAmountMismatches(
  sequelize: Sequelize,
  planted: PlantedPayment[],
  every: number,
): Promise<string[]> {
  const ids = planted.filter((_, i) => i % every === every - 1).map((p) => p.id);
  await sequelize.query('UPDATE payments SET amount_minor = amount_minor + 1 WHERE id = ANY($1::uuid[])', {
    bind: [ids],
    type: QueryTypes.UPDATE,
  });
  return ids;
}
