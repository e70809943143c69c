import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { LOG_CONTEXT_FIELDS, createLogger, requestLogFields } from '../../lib/logger';
import { stableText } from '../helpers/generated-fields';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger(
    { serviceName: 'context-test', log: { level: 'info' }, env: 'production' },
    stream,
  );
  return { log, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('SEC-LOG-01 a child built with requestLogFields emits every context field as JSON, masked where needed', (t) => {
  const { log, lines, records } = capture();
  const request = log.child(
    requestLogFields({
      request_id: '5f0c8f9e-2d7a-4c1e-9b8a-0e6f3c2a1b4d',
      user_id: 'u-1842',
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0\r\n{"level":30,"msg":"forged"} contact eve.hacker@example.com',
      action: 'booking.create',
      workflow_id: 'booking-u-1842-9b1f',
    }),
  );
  request.info(
    { result: 'failure', error_code: 'PAN_NOT_ACCEPTED', body: { card: '4111 1111 1111 1111' } },
    'request finished',
  );

  t.is(lines.length, 1);
  const [record] = records();
  for (const field of LOG_CONTEXT_FIELDS)
    t.true(record !== undefined && field in record, `${field} is present`);
  t.is(record?.request_id, '5f0c8f9e-2d7a-4c1e-9b8a-0e6f3c2a1b4d');
  t.is(record?.user_id, 'u-1842');
  t.is(record?.ip, '203.0.113.7');
  t.is(record?.user_agent, 'Mozilla/5.0\\u000d\\u000a{"level":30,"msg":"forged"} contact e***@example.com');
  t.is(record?.action, 'booking.create');
  t.is(record?.result, 'failure');
  t.is(record?.error_code, 'PAN_NOT_ACCEPTED');
  t.is(record?.workflow_id, 'booking-u-1842-9b1f');
  t.deepEqual(record?.body, { card: '****1111' });
  t.false(stableText([record]).includes('eve.hacker'), 'the email is masked in every field');
});

test('SEC-LOG-01 a context field logged as undefined is written as null, never left out', (t) => {
  const { log, records } = capture();
  log
    .child(requestLogFields({ request_id: 'r-2' }))
    .info({ error_code: undefined, user_id: undefined }, 'done');
  const [record] = records();
  t.is(record?.error_code, null);
  t.is(record?.user_id, null);
  for (const field of LOG_CONTEXT_FIELDS) t.true(record !== undefined && field in record, field);
});

test('SEC-LOG-01 unknown context fields are present as null, never missing', (t) => {
  const fields = requestLogFields({ request_id: 'r-1' });
  t.deepEqual(Object.keys(fields), [...LOG_CONTEXT_FIELDS]);
  t.is(fields.user_id, null);
  t.is(fields.workflow_id, null);
  t.is(requestLogFields({ user_agent: 'x'.repeat(5_000) }).user_agent?.length, 512);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

test('SEC-LOG-02 every logger is a masking logger: no code outside lib/logger creates a bunyan logger itself', (t) => {
  const root = join(__dirname, '..', '..');
  const offenders = [
    'api',
    'activities',
    'workers',
    'workflows',
    'db',
    'lib',
    'services',
    'tools',
    'scripts',
    'bench',
  ]
    .flatMap((dir) => {
      try {
        return sourceFiles(join(root, dir));
      } catch {
        return [];
      }
    })
    .filter((file) => !relative(root, file).startsWith(join('lib', 'logger')))
    .filter((file) => /from ['"]bunyan['"]|require\(['"]bunyan['"]\)/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file));
  t.deepEqual(offenders, [], 'import { createLogger } from lib/logger instead');
});
