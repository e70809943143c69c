import test from 'ava';
import type { Sequelize } from 'sequelize';
import { createCheckpoint } from '../../lib/audit';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import { tempAuditKeys } from './helpers/temp-keys';

const MUTATIONS = {
  audit_events: [
    `UPDATE audit_events SET outcome = 'failure'`,
    'DELETE FROM audit_events WHERE sequence = 1',
    'TRUNCATE audit_events',
  ],
  audit_checkpoints: [
    `UPDATE audit_checkpoints SET key_id = '0000000000000000'`,
    'DELETE FROM audit_checkpoints',
    'TRUNCATE audit_checkpoints',
  ],
};

async function seeded() {
  const h = await auditTestDb();
  const keys = tempAuditKeys();
  for (let i = 0; i < 3; i += 1) await h.writer.append(sampleEvent());
  await createCheckpoint(h.app, keys.signer);
  return { h, keys };
}

interface PgError {
  original?: { code?: string; message?: string };
}

async function pgError(sequelize: Sequelize, sql: string): Promise<{ code?: string; message?: string }> {
  try {
    await sequelize.query(sql);
  } catch (err) {
    return (err as PgError).original ?? {};
  }
  return { code: 'none', message: 'statement succeeded' };
}

const counts = (h: Awaited<ReturnType<typeof seeded>>['h']) =>
  rawQuery<{ events: string; checkpoints: string }>(
    h.db,
    'SELECT (SELECT count(*) FROM audit_events) AS events, (SELECT count(*) FROM audit_checkpoints) AS checkpoints',
  );

test('SEC-LOG-04 the app role cannot UPDATE, DELETE or TRUNCATE the audit tables: Postgres answers permission denied', async (t) => {
  const { h, keys } = await seeded();
  t.teardown(async () => {
    keys.cleanup();
    await h.close();
  });
  for (const [table, statements] of Object.entries(MUTATIONS)) {
    for (const sql of statements) {
      const err = await pgError(h.app, sql);
      t.is(err.code, '42501', sql);
      t.is(err.message, `permission denied for table ${table}`, sql);
    }
  }
  const grants = await rawQuery<{ table_name: string; privilege_type: string }>(
    h.db,
    `SELECT table_name, privilege_type FROM information_schema.role_table_grants
      WHERE grantee = 'travelhub_app' AND table_name LIKE 'audit_%' ORDER BY 1, 2`,
  );
  t.deepEqual(
    grants.map((g) => `${g.table_name}:${g.privilege_type}`),
    ['audit_checkpoints:INSERT', 'audit_checkpoints:SELECT', 'audit_events:INSERT', 'audit_events:SELECT'],
  );
  t.deepEqual(await counts(h), [{ events: '3', checkpoints: '1' }]);
});

test('SEC-LOG-04 the append-only trigger refuses UPDATE, DELETE and TRUNCATE even for the owner role', async (t) => {
  const { h, keys } = await seeded();
  t.teardown(async () => {
    keys.cleanup();
    await h.close();
  });
  for (const [table, statements] of Object.entries(MUTATIONS)) {
    for (const sql of statements) {
      const err = await pgError(h.owner, sql);
      t.is(err.code, '42501', sql);
      t.regex(
        err.message ?? '',
        new RegExp(`the audit log is append-only: (UPDATE|DELETE|TRUNCATE) on ${table} refused`),
        sql,
      );
    }
  }
  t.deepEqual(await counts(h), [{ events: '3', checkpoints: '1' }]);
});

test('SEC-LOG-04 only the owner may run the retention path, and the app role cannot unlock deletion with the session setting', async (t) => {
  const { h, keys } = await seeded();
  t.teardown(async () => {
    keys.cleanup();
    await h.close();
  });
  const viaFunction = await pgError(h.app, `SELECT audit_expire_through(1, now() - interval '2 years')`);
  t.is(viaFunction.code, '42501');
  t.regex(viaFunction.message ?? '', /permission denied for function audit_expire_through/);

  await h.app
    .transaction(async (transaction) => {
      await h.app.query(`SELECT set_config('travelhub.audit_expire_through', '999', true)`, { transaction });
      const err = await h.app.query('DELETE FROM audit_events', { transaction }).then(
        () => ({ code: 'none' }),
        (e: PgError) => e.original ?? {},
      );
      t.is(err.code, '42501');
    })
    .catch(() => undefined);
  t.deepEqual(await counts(h), [{ events: '3', checkpoints: '1' }]);
});
