import test from 'ava';
import { join } from 'node:path';
import { scanSource, scanTree } from './helpers/raw-sql-scan';

const ROOT = join(__dirname, '..', '..');
/** Every folder of product code (tests build their own SQL for raw reads and are not scanned). */
const SOURCE_DIRS = ['api', 'lib', 'services', 'activities', 'workflows', 'workers', 'db', 'tools'];

test('SEC-VAL-05 no SQL in the source is built by concatenation or interpolation', (t) => {
  const scan = scanTree(ROOT, SOURCE_DIRS);
  t.true(scan.files > 100, `scanned ${scan.files} files`);
  // The migrations, the audit store, the key stores and the idempotency records all send SQL.
  t.true(scan.sinks >= 40, `saw ${scan.sinks} SQL calls`);
  t.deepEqual(
    scan.findings.map((f) => `${f.file}:${f.line} ${f.call}: ${f.reason}`),
    [],
  );
});

/** Planted examples, as fixture text: each must be reported. */
const PLANTED: Record<string, string> = {
  'interpolated value': "await sequelize.query(`SELECT * FROM users WHERE email = '${email}'`);",
  'concatenated value': "await sequelize.query('SELECT * FROM users WHERE id = ' + id, { type });",
  'built into a const first':
    'const sql = `DELETE FROM bookings WHERE id = ${req.params.id}`;\nawait sequelize.query(sql);',
  'a let that grows': "let sql = 'SELECT 1';\nsql += ` WHERE x = ${x}`;\nawait db.query(sql);",
  'literal() with interpolation': 'Booking.findAll({ where: literal(`amount_minor > ${min}`) });',
  'Sequelize.literal() concatenated': "Booking.findAll({ order: Sequelize.literal('created_at ' + dir) });",
  'a wrapper called with a built text':
    'const rows = (sql: string) => sequelize.query(sql, { bind: [] });\nrows(`SELECT * FROM t WHERE a = ${a}`);',
  'a method called with a built text':
    "class S { private async select(sql: string) { return this.sequelize.query(sql); }\n  find(id: string) { return this.select('SELECT * FROM k WHERE id = ' + id); } }",
  'a migration interpolating an import':
    'import { ROLE } from "../x";\nawait queryInterface.sequelize.query(`GRANT SELECT ON t TO ${ROLE}`);',
  'a function result': 'await sequelize.query(buildQuery(filters));',
  'a choice with a built branch':
    "await sequelize.query(all ? 'SELECT * FROM t' : `SELECT * FROM t LIMIT ${n}`);",
  'a joined list': "await sequelize.query(['SELECT', column, 'FROM t'].join(' '));",
  'a wrapper nobody here calls': 'export const run = (sql: string) => sequelize.query(sql);',
};

for (const [what, code] of Object.entries(PLANTED)) {
  test(`SEC-VAL-05 the scan catches a planted raw query: ${what}`, (t) => {
    const scan = scanSource('planted.ts', code);
    t.true(scan.sinks >= 1, 'the SQL call is seen');
    t.is(scan.findings.length, 1, JSON.stringify(scan.findings));
  });
}

/** What the platform does instead, which must pass. */
const ALLOWED: Record<string, string> = {
  'bound parameters': "await sequelize.query('SELECT * FROM users WHERE id = $1', { bind: [id] });",
  'named replacements': "await sequelize.query('SELECT * FROM t WHERE id = :id', { replacements: { id } });",
  'a constant of the file spliced into DDL':
    "const STATUSES = `'PENDING', 'FAILED'`;\nawait sequelize.query(`CREATE TABLE t (s text CHECK (s IN (${STATUSES})))`);",
  'a constant column list':
    "const COLUMNS = 'a, b';\nawait sequelize.query(`SELECT ${COLUMNS} FROM t WHERE a = $1`, { bind });",
  'a private wrapper called with constants':
    "const rows = (sql: string, bind: unknown[]) => sequelize.query(sql, { bind });\nconst FIND = 'SELECT 1 WHERE a = $1';\nrows(FIND, [a]);\nrows('SELECT 2', []);",
  'a choice between two constants': "await sequelize.query(head ? 'SELECT 1' : 'SELECT 2');",
  'a Temporal query, not SQL': 'await client.workflow.getHandle(id).query(bookingStateQuery);',
};

for (const [what, code] of Object.entries(ALLOWED)) {
  test(`SEC-VAL-05 the scan lets through ${what}`, (t) => {
    const scan = scanSource('allowed.ts', code);
    t.deepEqual(scan.findings, []);
  });
}
