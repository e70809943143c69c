import test from 'ava';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { loadConfig } from '../../lib/config';
import { createSequelize } from '../../lib/clients';
import { superuserClient, superuserUrl } from '../helpers/databases';
import { secretsDir } from '../helpers/secrets-dir';

const secret = () => randomBytes(24).toString('hex');

/** A login role of this test's own on the stack's Postgres (database `postgres`), password `password`. */
async function privateRole(password: string) {
  const role = `th_rotation_${randomBytes(6).toString('hex')}`;
  const admin = await superuserClient();
  // Identifiers and the password literal cannot be bound parameters; both are generated here.
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  const url = new URL(superuserUrl());
  url.username = role;
  url.pathname = '/postgres';
  return {
    url: url.toString(),
    setPassword: (next: string) => admin.query(`ALTER ROLE ${role} PASSWORD '${next}'`),
    async drop() {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    },
  };
}

/** A new connection of the pool's (each transaction holds its own, so none is reused), and its backend pid. */
async function openConnection(sequelize: Sequelize) {
  const transaction = await sequelize.transaction();
  const pid = async () => {
    const rows = await sequelize.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', {
      transaction,
      type: QueryTypes.SELECT,
    });
    return rows[0]?.pid;
  };
  return { transaction, pid: await pid(), answers: pid };
}

test('SEC-CFG-02 a rotated database password: open connections keep working, new ones log in under old then new, the old password is refused after', async (t) => {
  const oldPassword = secret();
  const newPassword = secret();
  const role = await privateRole(oldPassword);
  const secrets = secretsDir('db-rotation');
  secrets.write('database_password', oldPassword);
  const config = loadConfig({ ...secrets.env, DATABASE_URL: role.url });
  const sequelize = createSequelize(config, 'app');
  const open: Transaction[] = [];
  t.teardown(async () => {
    await Promise.all(open.map((tx) => tx.rollback().catch(() => undefined)));
    await sequelize.close();
    await role.drop();
    secrets.close();
  });
  const connect = async (moment: string) => {
    const connection = await openConnection(sequelize).catch((err: Error) => {
      throw new Error(`a new connection ${moment}: ${err.message}`);
    });
    open.push(connection.transaction);
    return connection;
  };

  const before = await connect('before the rotation');

  // The operator's rotation (docs/keys.md): the old value to `_previous`, the new one to the file…
  secrets.write('database_password_previous', oldPassword);
  secrets.write('database_password', newPassword);
  const duringFileOnly = await connect('with the new file, before ALTER ROLE');
  t.not(duringFileOnly.pid, before.pid);

  // …then ALTER ROLE, then `_previous` removed.
  await role.setPassword(newPassword);
  const afterAlter = await connect('after ALTER ROLE');
  secrets.remove('database_password_previous');
  const afterRetire = await connect('after _previous was removed');
  t.is(new Set([before.pid, duringFileOnly.pid, afterAlter.pid, afterRetire.pid]).size, 4, 'four logins');

  t.is(await before.answers(), before.pid, 'the connection opened before the rotation still answers');

  // pg prefers the (empty) password of a connection string over the `password` option.
  const oldUrl = new URL(role.url);
  oldUrl.password = oldPassword;
  const withOld = new pg.Client({ connectionString: oldUrl.toString() });
  await t.throwsAsync(
    withOld.connect(),
    { message: /password authentication failed/ },
    'the old password is refused',
  );
  await withOld.end().catch(() => undefined);
});
