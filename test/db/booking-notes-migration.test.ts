import { randomUUID } from 'node:crypto';
import test from 'ava';
import { QueryTypes } from 'sequelize';
import { attachKeyring } from '../../db/encrypted';
import { createMigrator } from '../../db/migrator';
import { bookingModels } from '../../db/models/booking-models';
import { identityModels } from '../../db/models/identity';
import { createSequelize } from '../../lib/clients/database';
import { keyringFromConfig } from '../../lib/crypto';
import { freshDatabase, superuserClient } from '../helpers/databases';
import { dumpEveryTable, encodings } from '../helpers/plaintext-at-rest';

const MIGRATION = '0620-booking-notes-encrypted.ts';

test('SEC-DATA-04 migration 0620 seals existing clear notes under each booker’s key, drops a shredded booker’s, and down gives them back in clear', async (t) => {
  const db = await freshDatabase();
  const owner = createSequelize(db.config, 'owner');
  const app = createSequelize(db.config, 'app');
  const keyring = keyringFromConfig(db.config, app);
  attachKeyring(app, keyring);
  const migrator = createMigrator(owner);
  const rawNotes = async () => {
    const su = await superuserClient(db.name);
    try {
      const { rows } = await su.query<Record<string, string | null>>('SELECT * FROM bookings ORDER BY id');
      return new Map(rows.map((r) => [r.id!, r]));
    } finally {
      await su.end();
    }
  };
  try {
    await migrator.down({ to: MIGRATION }); // back to the clear column of 0600
    const user = async () =>
      (await identityModels(app).User.create({ role: 'USER', email: `m.${randomUUID()}@example.test` })).id;
    const kept = await user(); // has a key already, like every booker since issue 8
    await keyring.userKey(kept, { create: true });
    const keyless = await user(); // never had a key: the migration makes one
    const erased = await user(); // erased before the migration: their note must not survive it
    await keyring.shredUserKey(erased);
    const notes = {
      kept: 'Ground floor room please, I use a wheelchair.',
      keyless: 'Twin beds for me and my brother Tomasz.',
      erased: 'Pregnant, 30 weeks: aisle seat.',
    };
    const ids = { kept: randomUUID(), keyless: randomUUID(), erased: randomUUID(), empty: randomUUID() };
    const insert = (id: string, userId: string, note: string | null) =>
      app.query(
        `INSERT INTO bookings (id, user_id, idempotency_key, workflow_id, status, kind, supplier,
                               amount_minor, currency, details, notes)
         VALUES ($1, $2, $3, $4, 'FAILED', 'hotel', 'hotel', 10000, 'EUR', '{}', $5)`,
        {
          bind: [id, userId, randomUUID(), `booking-${userId}-${randomUUID()}`, note],
          type: QueryTypes.INSERT,
        },
      );
    await insert(ids.kept, kept, notes.kept);
    await insert(ids.keyless, keyless, notes.keyless);
    await insert(ids.erased, erased, notes.erased);
    await insert(ids.empty, kept, null);

    await migrator.up();

    const sealed = await rawNotes();
    for (const row of sealed.values()) t.false('notes' in row, 'the clear column is gone');
    t.regex(sealed.get(ids.kept)!.notes_encrypted!, /^v1\.user\.1\./);
    t.regex(sealed.get(ids.keyless)!.notes_encrypted!, /^v1\.user\.1\./);
    t.is(sealed.get(ids.erased)!.notes_encrypted, null, 'a shredded booker’s note is dropped');
    t.is(sealed.get(ids.empty)!.notes_encrypted, null);
    const dump = await dumpEveryTable(db.name);
    for (const form of Object.values(notes).flatMap(encodings)) {
      for (const { table_name, content } of dump)
        t.false(content.includes(form), `${table_name} holds ${form}`);
    }
    // Sealed exactly as the app seals them: the model reads them back (row, column and key bound).
    const { Booking } = bookingModels(app);
    t.is((await Booking.findByPk(ids.kept))!.notes, notes.kept);
    t.is((await Booking.findByPk(ids.keyless))!.notes, notes.keyless);
    t.is((await Booking.findByPk(ids.empty))!.notes, null);

    await migrator.down({ to: MIGRATION });
    const clear = await rawNotes();
    t.is(clear.get(ids.kept)!.notes, notes.kept);
    t.is(clear.get(ids.keyless)!.notes, notes.keyless);
    t.is(clear.get(ids.erased)!.notes, null);
    t.false('notes_encrypted' in clear.get(ids.kept)!);
    await migrator.up();
  } finally {
    await app.close();
    await owner.close();
    await db.drop();
  }
});
