import { randomBytes, randomUUID } from 'node:crypto';
import test from 'ava';
import { QueryTypes } from 'sequelize';
import { eraseAccount } from '../../services/privacy/erasure-purge';
import { createUser } from '../accounts/helpers/accounts-data';
import { erasureWorld } from './helpers/erasure-world';

/**
 * SEC-PRIV-02: after erasure the records kept for the 7-year rule (bookings, payments, reviews,
 * declines) keep their financial facts but name the erased account nowhere: they point at a
 * placeholder `DELETED_USER_<n>` of their own that nothing stored links back to the account. The
 * account's stored idempotent answers are deleted.
 */
const world = erasureWorld('priv02-unlinks', { worker: false });
const { app } = world;

const rows = <T extends object>(sql: string, bind: unknown[] = []) =>
  app.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });
const fakePaymentCiphertext = () =>
  `v1.payment.1.${randomBytes(12).toString('base64url')}.${randomBytes(24).toString('base64url')}`;

/** The columns the kept records name their account by, and every row still naming `userId`. */
const NAMING = [
  ['bookings', 'user_id'],
  ['booking_passengers', 'user_id'],
  ['payments', 'user_id'],
  ['payment_declines', 'user_id'],
  ['reviews', 'user_id'],
  ['idempotency_records', 'user_id'],
] as const;
async function rowsNaming(userId: string): Promise<string[]> {
  const found: string[] = [];
  for (const [table, column] of NAMING) {
    const [row] = await rows<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`, [
      userId,
    ]);
    if (Number(row!.n) > 0) found.push(`${table}.${column}`);
  }
  const [wf] = await rows<{ n: string }>('SELECT count(*) AS n FROM bookings WHERE workflow_id LIKE $1', [
    `%${userId}%`,
  ]);
  if (Number(wf!.n) > 0) found.push('bookings.workflow_id');
  return found;
}

/** A confirmed, paid, reviewed booking and a declined one of `userId`, the first under `key`. */
async function plantHistory(userId: string, key: string) {
  const booking = async (status: string, idempotencyKey: string) => {
    const id = randomUUID();
    await app.sequelize.query(
      `INSERT INTO bookings (id, user_id, idempotency_key, workflow_id, status, kind, supplier, amount_minor, currency, details)
       VALUES ($1, $2, $3, $4, $5, 'hotel', 'hotel', 12345, 'EUR', '{"nights":2}')`,
      { bind: [id, userId, idempotencyKey, `booking-${userId}-${idempotencyKey}`, status] },
    );
    return id;
  };
  const paid = await booking('CONFIRMED', key);
  await app.sequelize.query(
    `INSERT INTO payments (id, booking_id, user_id, amount_minor, currency, status, captured_minor, card_brand,
       card_last4, stripe_payment_method_id_encrypted)
     VALUES ($1, $2, $3, 12345, 'EUR', 'succeeded', 12345, 'visa', '4242', $4)`,
    { bind: [randomUUID(), paid, userId, fakePaymentCiphertext()] },
  );
  await app.sequelize.query(
    `INSERT INTO reviews (id, booking_id, user_id, kind, hotel_id, overall, cleanliness, location, service, value, title, body)
     VALUES ($1, $2, $3, 'hotel', 'h1', 5, 5, 5, 5, 5, 'Lovely', 'Quiet room')`,
    { bind: [randomUUID(), paid, userId] },
  );
  const declined = await booking('FAILED', randomUUID());
  await app.sequelize.query(
    "INSERT INTO payment_declines (booking_id, user_id, decline_code) VALUES ($1, $2, 'card_declined')",
    { bind: [declined, userId] },
  );
  await app.sequelize.query(
    `INSERT INTO idempotency_records (user_id, idempotency_key, fingerprint, status, response_status,
       response_body, expires_at)
     VALUES ($1, $2, $3, 'completed', 201, '{}', now() + interval '1 day')`,
    { bind: [userId, key, randomBytes(32).toString('hex')] },
  );
  return { paid, declined };
}

test.serial(
  'SEC-PRIV-02 after erasure the kept bookings, payments, reviews and declines keep their amounts but point at a DELETED_USER_<n> placeholder, never at the erased account; its stored idempotent answers are deleted',
  async (t) => {
    const sharedKey = randomUUID(); // the same Idempotency-Key used by two people
    const [ada, bob] = [await createUser(app.deps), await createUser(app.deps)];
    const adaHistory = await plantHistory(ada.id, sharedKey);
    const bobHistory = await plantHistory(bob.id, sharedKey);
    t.deepEqual(await rowsNaming(ada.id), [
      'bookings.user_id',
      'payments.user_id',
      'payment_declines.user_id',
      'reviews.user_id',
      'idempotency_records.user_id',
      'bookings.workflow_id',
    ]);

    const adaTombstone = await eraseAccount(world.steps, ada.id);
    const bobTombstone = await eraseAccount(world.steps, bob.id);
    t.deepEqual(await rowsNaming(ada.id), [], 'nothing kept names the erased account');
    t.deepEqual(await rowsNaming(bob.id), []);

    const holderOf = async (bookingId: string) => {
      const [row] = await rows<{ user_id: string; pseudonym: string | null; email_bidx: string | null }>(
        `SELECT b.user_id, u.pseudonym, u.email_bidx, b.amount_minor, b.status FROM bookings b
           JOIN users u ON u.id = b.user_id WHERE b.id = $1`,
        [bookingId],
      );
      return row!;
    };
    const adaHolder = await holderOf(adaHistory.paid);
    const bobHolder = await holderOf(bobHistory.paid);
    t.regex(adaHolder.pseudonym ?? '', /^DELETED_USER_[1-9][0-9]*$/);
    t.is(adaHolder.email_bidx, null);
    t.not(adaHolder.pseudonym, adaTombstone, 'the placeholder is not the erased account under its new name');
    t.not(adaHolder.user_id, bobHolder.user_id, 'one placeholder per erased account (UNIQUE user, key)');
    t.not(bobHolder.pseudonym, bobTombstone);
    t.is((await holderOf(adaHistory.declined)).user_id, adaHolder.user_id);

    // The financial record is whole: amounts, status, the payment, the review's text.
    const [kept] = await rows<Record<string, unknown>>(
      `SELECT b.status, b.amount_minor::int AS amount, p.captured_minor::int AS captured, p.card_last4, p.user_id AS payer,
         r.user_id AS reviewer, r.body
       FROM bookings b JOIN payments p ON p.booking_id = b.id JOIN reviews r ON r.booking_id = b.id WHERE b.id = $1`,
      [adaHistory.paid],
    );
    t.deepEqual(kept, {
      status: 'CONFIRMED',
      amount: 123_45,
      captured: 123_45,
      card_last4: '4242',
      payer: adaHolder.user_id,
      reviewer: adaHolder.user_id,
      body: 'Quiet room',
    });
    // Nothing stored links the placeholder back: no audit row names it.
    const [audit] = await rows<{ n: string }>(
      'SELECT count(*) AS n FROM audit_events WHERE canonical LIKE $1',
      [`%${adaHolder.user_id}%`],
    );
    t.is(audit!.n, '0');

    // Idempotent: the steps again create no second placeholder.
    const placeholders = async () =>
      (await rows<{ n: string }>('SELECT count(*) AS n FROM users WHERE pseudonym IS NOT NULL'))[0]!.n;
    const before = await placeholders();
    await eraseAccount(world.steps, ada.id);
    t.is(await placeholders(), before);
  },
);
