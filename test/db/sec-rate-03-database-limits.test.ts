import test from 'ava';
import { ConnectionAcquireTimeoutError, DatabaseError, QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../../lib/clients/database';
import { ConfigError, loadConfig, type Config } from '../../lib/config';

type DatabaseLimits = Pick<Config['database'], 'poolMax' | 'acquireTimeoutMs' | 'statementTimeoutMs'>;

function withDatabase(patch: Partial<DatabaseLimits>): Config {
  const base = loadConfig();
  return { ...base, database: { ...base.database, ...patch } };
}

async function show(
  sequelize: Sequelize,
  setting: 'statement_timeout' | 'idle_in_transaction_session_timeout',
) {
  // SHOW cannot take a bound parameter; `setting` is one of two literals above.
  const rows = await sequelize.query<Record<string, string>>(`SHOW ${setting}`, { type: QueryTypes.SELECT });
  return rows[0]?.[setting];
}

test('SEC-RATE-03 database pool defaults: at most 50 connections, 30 s acquire, 60 s statement timeout', async (t) => {
  const defaults = loadConfig({});
  t.true(defaults.database.poolMax <= 50);
  t.is(defaults.database.acquireTimeoutMs, 30_000);
  t.is(defaults.database.statementTimeoutMs, 60_000);

  const sequelize = createSequelize(defaults, 'app');
  try {
    const pool = sequelize.config.pool;
    t.is(pool?.max, defaults.database.poolMax);
    t.is(pool?.acquire, 30_000);
  } finally {
    await sequelize.close();
  }

  // A deployment cannot loosen the bounds.
  t.throws(() => loadConfig({ DATABASE_POOL_MAX: '51' }), { instanceOf: ConfigError });
  t.throws(() => loadConfig({ DATABASE_ACQUIRE_TIMEOUT_MS: '30001' }), { instanceOf: ConfigError });
  t.throws(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '60001' }), { instanceOf: ConfigError });
  t.throws(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '0' }), { instanceOf: ConfigError });
});

test('SEC-RATE-03 the configured statement timeout reaches Postgres on every connection', async (t) => {
  const sequelize = createSequelize(loadConfig(), 'app');
  try {
    t.is(await show(sequelize, 'statement_timeout'), '1min');
    t.is(await show(sequelize, 'idle_in_transaction_session_timeout'), '1min');
  } finally {
    await sequelize.close();
  }
});

test('SEC-RATE-03 Postgres cancels a statement that runs past the statement timeout', async (t) => {
  const sequelize = createSequelize(withDatabase({ statementTimeoutMs: 200 }), 'app');
  try {
    t.is(await show(sequelize, 'statement_timeout'), '200ms');
    // pg_sleep(2) would succeed; query_canceled can only come from the 200 ms statement timeout.
    const error = await t.throwsAsync(sequelize.query('SELECT pg_sleep(2)'), { instanceOf: DatabaseError });
    t.is((error?.original as { code?: string } | undefined)?.code, '57014', 'query_canceled');
    // The connection survives the cancel and serves the next statement.
    t.deepEqual(await sequelize.query('SELECT 1 AS ok', { type: QueryTypes.SELECT }), [{ ok: 1 }]);
  } finally {
    await sequelize.close();
  }
});

test('SEC-RATE-03 an exhausted pool fails with an acquire timeout instead of hanging', async (t) => {
  const sequelize = createSequelize(withDatabase({ poolMax: 1, acquireTimeoutMs: 300 }), 'app');
  const holder = await sequelize.transaction();
  try {
    await sequelize.query('SELECT 1', { transaction: holder });
    // The only connection is held until the end of the test: without the acquire timeout this
    // query would wait forever, so its ConnectionAcquireTimeoutError is the proof. It waited
    // for the timeout first (a lower bound, which no slow machine can break).
    const started = Date.now();
    await t.throwsAsync(sequelize.query('SELECT 1'), { instanceOf: ConnectionAcquireTimeoutError });
    const elapsed = Date.now() - started;
    t.true(elapsed >= 250, `gave up after ${elapsed} ms`);
  } finally {
    await holder.rollback();
    await sequelize.close();
  }
});

test('SEC-RATE-03 every outbound client in config has a bounded timeout', (t) => {
  const c = loadConfig({});
  const timeouts = {
    outbound: c.outboundTimeoutMs,
    stripe: c.stripe.timeoutMs,
    smtp: c.smtp.timeoutMs,
    supplier: c.supplier.timeoutMs,
    opensearch: c.opensearch.requestTimeoutMs,
    redis: c.redis.commandTimeoutMs,
    request: c.api.requestTimeoutMs,
  };
  for (const [name, ms] of Object.entries(timeouts)) {
    t.true(Number.isInteger(ms) && ms > 0 && ms <= 120_000, `${name} timeout ${ms} ms`);
  }
  t.true(c.supplier.timeoutMs <= 10_000, 'suppliers: 10 s (SEC-SUP-02)');
  t.throws(() => loadConfig({ OUTBOUND_TIMEOUT_MS: '0' }), { instanceOf: ConfigError });
  t.throws(() => loadConfig({ SUPPLIER_TIMEOUT_MS: '10001' }), { instanceOf: ConfigError });
});
