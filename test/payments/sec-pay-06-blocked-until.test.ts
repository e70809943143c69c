import { randomUUID } from 'node:crypto';
import test from 'ava';
import type { Sequelize } from 'sequelize';
import { attachKeyring } from '../../db/encrypted';
import { identityModels } from '../../db/models/identity';
import { paymentModels } from '../../db/models/payment-models';
import { createSequelize } from '../../lib/clients/database';
import { keyringFromConfig } from '../../lib/crypto';
import { bookingPreconditions } from '../../services/bookings/accept-rows';
import { activeBlock } from '../../services/payments/payment-blocks';
import { plantBookingRow } from '../bookings/helpers/booking-rows';
import { freshDatabase, type TestDatabase } from '../helpers/databases';

/*
 * SEC-PAY-06 has one definition, `activeBlock` (services/payments/payment-blocks.ts). The booking
 * accept path reads the same rule in SQL, folded into its preconditions statement for one round
 * trip; these fixtures hold that statement to the definition.
 */

let db: TestDatabase;
let sequelize: Sequelize;

test.before(async () => {
  db = await freshDatabase();
  sequelize = createSequelize(db.config, 'app');
  attachKeyring(sequelize, keyringFromConfig(db.config, sequelize));
});

test.after.always(async () => {
  await sequelize?.close();
  await db?.drop();
});

const HOUR_MS = 3_600_000;
const NOW = new Date();
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR_MS);

async function user(): Promise<string> {
  const row = await identityModels(sequelize).User.create({
    role: 'USER',
    email: `blocked.${randomUUID()}@example.test`,
    email_verified_at: new Date(),
  });
  return row.id;
}

/** A block from `from` to `until` (hours from NOW), with the decline and booking it names. */
async function plantBlock(userId: string, from: number, until: number): Promise<void> {
  const bookingId = await plantBookingRow(sequelize, userId);
  const { PaymentBlock, PaymentDecline } = paymentModels(sequelize);
  await PaymentDecline.create({ booking_id: bookingId, user_id: userId, decline_code: 'card_declined' });
  await PaymentBlock.create({
    user_id: userId,
    trigger_booking_id: bookingId,
    declines: 3,
    blocked_at: at(from),
    blocked_until: at(until),
  });
}

const FIXTURES: { name: string; blocks: [from: number, until: number][]; expected: Date | null }[] = [
  { name: 'no block', blocks: [], expected: null },
  { name: 'an expired block', blocks: [[-3, -1]], expected: null },
  { name: 'a block ending exactly now', blocks: [[-2, 0]], expected: null },
  { name: 'one block in force', blocks: [[-1, 5]], expected: at(5) },
  {
    name: 'an expired block and one in force',
    blocks: [
      [-30, -6],
      [-1, 2],
    ],
    expected: at(2),
  },
  {
    name: 'two overlapping blocks in force (the longest wins)',
    blocks: [
      [-2, 24],
      [-1, 3],
    ],
    expected: at(24),
  },
];

for (const { name, blocks, expected } of FIXTURES) {
  test(`SEC-PAY-06 the preconditions statement's blockedUntil is what activeBlock picks: ${name}`, async (t) => {
    const userId = await user();
    for (const [from, until] of blocks) await plantBlock(userId, from, until);
    const chosen = await activeBlock(paymentModels(sequelize), userId, NOW);
    t.deepEqual(chosen?.blocked_until ?? null, expected, 'the one definition');
    const pre = await bookingPreconditions(sequelize, userId, randomUUID(), NOW);
    t.truthy(pre);
    t.deepEqual(pre!.blockedUntil, chosen?.blocked_until ?? null, 'the SQL agrees with it');
  });
}
