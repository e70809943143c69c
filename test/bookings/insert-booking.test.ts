import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DatabaseError, UniqueConstraintError, type Sequelize } from 'sequelize';
import { createSequelize } from '../../lib/clients/database';
import { attachKeyring } from '../../db/encrypted';
import { bookingModels } from '../../db/models/booking-models';
import { identityModels } from '../../db/models/identity';
import { insertBooking } from '../../services/bookings/accept-rows';
import { keyringFromConfig } from '../../lib/crypto';
import type { Actor } from '../../lib/rbac';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { flightBooking } from './helpers/booking-body';

let db: TestDatabase;
let sequelize: Sequelize;
let models: ReturnType<typeof bookingModels>;

test.before(async () => {
  db = await freshDatabase();
  sequelize = createSequelize(db.config, 'app');
  attachKeyring(sequelize, keyringFromConfig(db.config, sequelize));
  models = bookingModels(sequelize);
});

test.after.always(async () => {
  await sequelize?.close();
  await db?.drop();
});

async function booker(): Promise<Actor> {
  const user = await identityModels(sequelize).User.create({
    role: 'USER',
    email: `b.${randomUUID()}@example.test`,
    email_verified_at: new Date(),
  });
  return { id: user.id, role: 'USER' };
}

const flight = {
  id: 'FL123456',
  origin: 'SYD',
  destination: 'NAN',
  departureAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
  fareMinor: 24_990,
  currency: 'EUR',
  seatsLeft: 5,
};
const body = () => flightBooking(flight as Parameters<typeof flightBooking>[0], 'pm_card123');

test('the one-statement insert writes the booking and passengers the models read back decrypted', async (t) => {
  const actor = await booker();
  const input = body();
  input.passengers.push({ firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1906-12-09' });
  const row = await insertBooking(sequelize, actor, input, randomUUID(), null);
  t.is(row.status, 'PENDING');
  const stored = await models.Booking.findByPk(row.id);
  t.is(stored?.amount_minor, 24_990);
  t.deepEqual(stored?.details, input.flight);
  const passengers = await models.BookingPassenger.findAll({
    where: { booking_id: row.id },
    order: [['position', 'ASC']],
  });
  t.deepEqual(
    passengers.map((p) => [p.position, p.first_name, p.last_name, p.date_of_birth, p.passport_number]),
    [
      [0, 'Ada', 'Lovelace', '1990-12-10', 'X1234567'],
      [1, 'Grace', 'Hopper', '1906-12-09', null],
    ],
  );
});

test('a passenger row the database refuses leaves no booking row behind (one atomic statement)', async (t) => {
  const actor = await booker();
  const input = body();
  // Ten travellers: position 9 breaks the CHECK (0..8) after the booking row was inserted.
  input.passengers = Array.from({ length: 10 }, () => ({ ...input.passengers[0]! }));
  await t.throwsAsync(insertBooking(sequelize, actor, input, randomUUID(), null), {
    instanceOf: DatabaseError,
  });
  t.is(await models.Booking.count({ where: { user_id: actor.id } }), 0);
  t.is(await models.BookingPassenger.count({ where: { user_id: actor.id } }), 0);
});

test('a repeated (user, key) is a UniqueConstraintError and writes nothing more', async (t) => {
  const actor = await booker();
  const key = randomUUID();
  await insertBooking(sequelize, actor, body(), key, null);
  await t.throwsAsync(insertBooking(sequelize, actor, body(), key, null), {
    instanceOf: UniqueConstraintError,
  });
  t.is(await models.Booking.count({ where: { user_id: actor.id } }), 1);
  t.is(await models.BookingPassenger.count({ where: { user_id: actor.id } }), 1);
});
