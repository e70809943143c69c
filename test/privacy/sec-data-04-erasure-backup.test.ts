import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { QueryTypes } from 'sequelize';
import { attachKeyring } from '../../db/encrypted';
import { bookingModels } from '../../db/models/booking-models';
import { createSequelize } from '../../lib/clients/database';
import type { Config } from '../../lib/config';
import { keyStoreAddress } from '../../lib/config/key-store';
import { KeyShreddedError, keyringFromConfig } from '../../lib/crypto';
import { erasureWorkflowId, type AccountErasureInput } from '../../services/privacy/erasure-contract';
import { createUser } from '../accounts/helpers/accounts-data';
import { superuserClient, superuserRows } from '../helpers/databases';
import { erasureWorld, plantTrip } from './helpers/erasure-world';

/**
 * SEC-DATA-04 "erasure reaches backups": per-user keys live in the key store, a database of its
 * own (lib/config/key-store.ts, db/key-store-migrations), so a pg_dump of the main database holds
 * no key. A dump taken before the erasure, restored after it and read by the platform's keyring
 * (which reads keys from the live key store, where the erasure shredded them) shows the erased
 * user's protected fields unreadable, and the booking's amounts kept (docs/privacy-erasure.md).
 */
const world = erasureWorld('data04-backup');
const { app } = world;

/** The project's Postgres binaries, as scripts/env.sh finds them. */
const pgBin = readdirSync('/usr/lib/postgresql')
  .sort((a, b) => Number(a) - Number(b))
  .map((v) => join('/usr/lib/postgresql', v, 'bin'))
  .at(-1)!;

function superuserEnv(): NodeJS.ProcessEnv {
  const url = new URL(process.env.DATABASE_SUPERUSER_URL!);
  return {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGUSER: 'postgres',
    PGPASSWORD: readFileSync(process.env.DATABASE_SUPERUSER_PASSWORD_FILE!, 'utf8').trim(),
  };
}

const pg = (tool: 'pg_dump' | 'pg_restore', args: string[]) =>
  execFileSync(join(pgBin, tool), args, { env: superuserEnv(), maxBuffer: 256 * 1024 * 1024 });

/** The wrapped key of `userId` in the key store, as hex (what a dump of it would carry). */
async function wrappedKeyHex(userId: string): Promise<string> {
  const [row] = await superuserRows<{ hex: string }>(
    app.db.keyStoreName,
    "SELECT encode(wrapped_key, 'hex') AS hex FROM user_keys WHERE user_id = $1",
    [userId],
  );
  return row!.hex;
}

test.serial(
  'SEC-DATA-04 the main database holds no user key material: no user_keys table, no wrapped key column but the class keys’, none in its pg_dump',
  async (t) => {
    const user = await createUser(app.deps);
    await plantTrip(app.sequelize, user.id);
    const key = await wrappedKeyHex(user.id);
    t.regex(key, /^[0-9a-f]{64,}$/, 'the user has a live key, in the key store');

    const main = await superuserClient(app.db.name);
    try {
      const { rows: tables } = await main.query("SELECT to_regclass('user_keys') AS t");
      t.is(tables[0].t, null, 'no user_keys table in the main database');
      const { rows: columns } = await main.query(
        `SELECT DISTINCT table_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND column_name IN ('wrapped_key', 'kek_id')`,
      );
      t.deepEqual(
        columns.map((c) => c.table_name),
        ['data_keys'],
        'wrapped keys in the main database are the data classes’ only',
      );
      const { rows: dataKeyColumns } = await main.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'data_keys' AND column_name LIKE '%user%'",
      );
      t.deepEqual(dataKeyColumns, [], 'class keys belong to no user');
    } finally {
      await main.end();
    }
    const dump = pg('pg_dump', ['-Fp', app.db.name]).toString('utf8');
    t.false(dump.includes(key), 'the wrapped key is not in a dump of the main database');
    t.false(/CREATE TABLE [\w.]*user_keys\b/.test(dump));
  },
);

test.serial(
  'SEC-DATA-04 a pg_dump taken before the erasure, restored after it, shows the erased user’s protected fields unreadable while the booking’s amounts remain',
  async (t) => {
    t.timeout(120_000);
    const user = await createUser(app.deps);
    const trip = await plantTrip(app.sequelize, user.id);
    const { BookingPassenger: livePassenger } = bookingModels(app.sequelize);
    const before = await livePassenger.findOne({ where: { booking_id: trip.bookingId } });
    t.is(before?.first_name, 'Ada', 'readable before the erasure');
    const dir = mkdtempSync(join(tmpdir(), 'erasure-backup-'));
    const dump = join(dir, 'before.dump');
    const restored = `${app.db.name}_restored`;
    const admin = await superuserClient();
    t.teardown(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${restored} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    });
    pg('pg_dump', ['-Fc', '-f', dump, app.db.name]);

    const input: AccountErasureInput = { userId: user.id, graceSeconds: 1, taskQueues: world.queues };
    const handle = await world.workers.client.workflow.start('accountErasureWorkflow', {
      taskQueue: world.queues.maintenance,
      workflowId: erasureWorkflowId(user.id),
      args: [input],
    });
    t.is((await handle.result()).status, 'erased');

    await admin.query(`CREATE DATABASE ${restored} OWNER travelhub_owner`);
    pg('pg_restore', ['-d', restored, dump]);
    // The platform's configuration with the main database restored: its key store is the live one
    // (as in production, where KEYS_DATABASE_URL names it; here the private database's).
    const live = keyStoreAddress(app.db.config);
    const config: Config = {
      ...app.db.config,
      database: {
        ...app.db.config.database,
        url: app.db.config.database.url.replace(app.db.name, restored),
        adminUrl: app.db.config.database.adminUrl.replace(app.db.name, restored),
      },
      keyStore: { ...app.db.config.keyStore, url: live.url, adminUrl: live.adminUrl },
    };
    const backup = createSequelize(config, 'app');
    t.teardown(() => backup.close());
    attachKeyring(backup, keyringFromConfig(config, backup));
    const [row] = await backup.query<{ amount_minor: string; currency: string }>(
      'SELECT amount_minor, currency FROM bookings WHERE id = $1',
      { bind: [trip.bookingId], type: QueryTypes.SELECT },
    );
    t.like(row, { currency: 'EUR' }, 'the restored backup still reports the amounts');
    t.is(Number(row!.amount_minor), 123_45);
    const { BookingPassenger } = bookingModels(backup);
    const passengers = await BookingPassenger.count({ where: { booking_id: trip.bookingId } });
    t.is(passengers, 1, 'the backup holds the passenger row (encrypted)');
    await t.throwsAsync(
      async () =>
        (await BookingPassenger.findAll({ where: { booking_id: trip.bookingId } })).map((p) => p.first_name),
      { instanceOf: KeyShreddedError },
      'the passengers in the restored backup are unreadable: their key is shredded',
    );
  },
);
