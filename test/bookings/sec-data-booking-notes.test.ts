import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DatabaseError, type Sequelize } from 'sequelize';
import { createRecordBookingStatus } from '../../activities/bookings/record-status';
import {
  decryptField,
  DecryptionFailedError,
  encryptField,
  keyringFromConfig,
  KeyShreddedError,
  type Keyring,
} from '../../lib/crypto';
import type { Actor } from '../../lib/rbac';
import { insertBooking } from '../../services/bookings/accept-rows';
import { superuserClient, type TestDatabase } from '../helpers/databases';
import { dumpEveryTable, encodings } from '../helpers/plaintext-at-rest';
import { fixedFlightBooking, openAcceptPathDb, type AcceptPathDb } from './helpers/accept-path-db';

// Booking notes (issue 16): free text a customer may fill with personal data, stored under the
// booker's own key beside the passengers, written by the real accept path (insertBooking) and read
// back through the Booking model, as getBooking and listBookings do.

let db: TestDatabase;
let sequelize: Sequelize;
let keyring: Keyring;
let models: AcceptPathDb['models'];
let acceptPath: AcceptPathDb;

test.before(async () => {
  acceptPath = await openAcceptPathDb();
  ({ db, sequelize, keyring, models } = acceptPath);
});

test.after.always(async () => acceptPath?.close());

const booker = () => acceptPath.booker('n.');

/** A booking of `actor` with `notes`, through the accept path; its id. */
async function bookWithNotes(actor: Actor, notes: string): Promise<string> {
  const body = { ...fixedFlightBooking(), notes };
  return (await insertBooking(sequelize, actor, body, randomUUID(), null)).id;
}

async function asSuperuser<T>(work: (su: Awaited<ReturnType<typeof superuserClient>>) => Promise<T>) {
  const su = await superuserClient(db.name);
  try {
    return await work(su);
  } finally {
    await su.end();
  }
}

const rawBooking = (id: string) =>
  asSuperuser(async (su) => (await su.query('SELECT * FROM bookings WHERE id = $1', [id])).rows[0]);

const notesPlace = (rowId: string) => ({ table: 'bookings', column: 'notes_encrypted', rowId });

test('SEC-DATA-05 a booking’s notes leave no plaintext, base64 or hex in the raw bookings row or any other table', async (t) => {
  const actor = await booker();
  const notes = 'Allergic to penicillin; please call Dr Marlowe on +44 7700 900461 before landing.';
  const id = await bookWithNotes(actor, notes);

  const row = await rawBooking(id);
  t.false('notes' in row, 'the clear column is gone');
  t.regex(row.notes_encrypted, /^v1\.user\.1\./);
  const dump = await dumpEveryTable(db.name);
  t.true(dump.find((d) => d.table_name === 'bookings')!.content.includes(id), 'the dump holds the row');
  for (const form of [...encodings(notes), ...encodings('penicillin'), ...encodings('7700 900461')]) {
    for (const { table_name, content } of dump) {
      t.false(content.includes(form), `${table_name} contains ${form} (a form of the note)`);
    }
  }
  // The owner still reads the note as written.
  t.is((await models.Booking.findByPk(id))!.notes, notes);
});

test('SEC-DATA-01 a booking’s notes are bound to their row: copied onto another booking of the same booker they fail to decrypt', async (t) => {
  const actor = await booker(); // one booker, one key: only the associated data can catch the move
  const a = await bookWithNotes(actor, 'Aisle seat for Ada, please.');
  const b = await bookWithNotes(actor, 'Nothing special.');
  await asSuperuser((su) =>
    su.query(
      'UPDATE bookings SET notes_encrypted = (SELECT notes_encrypted FROM bookings WHERE id = $1) WHERE id = $2',
      [a, b],
    ),
  );
  await t.throwsAsync(models.Booking.findByPk(b), { instanceOf: DecryptionFailedError });
  t.is((await models.Booking.findByPk(a))!.notes, 'Aisle seat for Ada, please.');
});

test('SEC-DATA-01 a passenger’s name under the same booker’s key, copied into the notes column, fails to decrypt', async (t) => {
  const actor = await booker();
  const id = await bookWithNotes(actor, 'Quiet room.');
  await asSuperuser((su) =>
    su.query(
      'UPDATE bookings SET notes_encrypted = (SELECT first_name_encrypted FROM booking_passengers WHERE booking_id = $1) WHERE id = $1',
      [id],
    ),
  );
  await t.throwsAsync(models.Booking.findByPk(id), { instanceOf: DecryptionFailedError });
});

test('SEC-DATA-04 a booking’s notes are under the booker’s own key: shredding it makes them unreadable, a copy taken before too', async (t) => {
  const actor = await booker();
  const other = await booker();
  const id = await bookWithNotes(actor, 'Travelling with my daughter Mia, 4.');
  const othersId = await bookWithNotes(other, 'Vegetarian meal.');
  const copy: string = (await rawBooking(id)).notes_encrypted;
  // Another user's key does not open it: it is the booker's, not a shared class key.
  await t.throwsAsync(decryptField(keyring, copy, notesPlace(id), { userId: other.id }), {
    instanceOf: DecryptionFailedError,
  });

  await keyring.shredUserKey(actor.id);

  await t.throwsAsync(models.Booking.findByPk(id), { instanceOf: KeyShreddedError });
  // Another process, nothing cached, with the row as a backup taken before the shred holds it.
  const fresh = keyringFromConfig(db.config, sequelize);
  await t.throwsAsync(decryptField(fresh, copy, notesPlace(id), { userId: actor.id }), {
    instanceOf: KeyShreddedError,
  });
  t.is((await models.Booking.findByPk(othersId))!.notes, 'Vegetarian meal.', 'other bookers keep theirs');
});

test('SEC-DATA-01 Postgres itself refuses plaintext or a class-key ciphertext in bookings.notes_encrypted', async (t) => {
  const actor = await booker();
  const id = await bookWithNotes(actor, 'Late check-in, around midnight.');
  const write = (value: string) =>
    sequelize.query('UPDATE bookings SET notes_encrypted = $2 WHERE id = $1', { bind: [id, value] });
  const classKeyed = await encryptField(keyring, 'Late check-in, around midnight.', notesPlace(id), {
    dataClass: 'pii',
  });
  for (const value of ['Late check-in, around midnight.', classKeyed]) {
    const refused = await t.throwsAsync(write(value), { instanceOf: DatabaseError });
    t.is((refused?.original as { code?: string } | undefined)?.code, '23514', 'check_violation');
  }
});

test('SEC-DATA-04 an erased booker’s booking still takes status changes: recording one never reads the notes', async (t) => {
  const actor = await booker();
  const id = await bookWithNotes(actor, 'Please no feather pillows.');
  await keyring.shredUserKey(actor.id);
  const recordBookingStatus = createRecordBookingStatus({ sequelize });
  t.deepEqual(await recordBookingStatus({ bookingId: id, status: 'CANCELLED' }), { outboxId: null });
  const row = await rawBooking(id);
  t.is(row.status, 'CANCELLED');
  t.regex(row.notes_encrypted, /^v1\.user\.1\./, 'the sealed note is left as it was');
});
