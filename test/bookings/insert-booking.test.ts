import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DatabaseError, UniqueConstraintError, type Sequelize } from 'sequelize';
import { insertBooking } from '../../services/bookings/accept-rows';
import { fixedFlightBooking, openAcceptPathDb, type AcceptPathDb } from './helpers/accept-path-db';

let sequelize: Sequelize;
let models: AcceptPathDb['models'];
let acceptPath: AcceptPathDb;

test.before(async () => {
  acceptPath = await openAcceptPathDb();
  ({ sequelize, models } = acceptPath);
});

test.after.always(async () => acceptPath?.close());

const booker = () => acceptPath.booker('b.');
const body = fixedFlightBooking;

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
