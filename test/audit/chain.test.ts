import test from 'ava';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSequelize } from '../../lib/clients/database';
import {
  AuditEventConflictError,
  AuditEventInvalidError,
  canonicalAuditRecord,
  createAuditWriter,
  validateAuditEvent,
  verifyAuditChain,
} from '../../lib/audit';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

interface RawRow {
  sequence: string;
  event_id: string;
  canonical: string;
  prev_hash: Buffer;
  hash: Buffer;
}

const allRows = (h: Awaited<ReturnType<typeof auditTestDb>>) =>
  rawQuery<RawRow>(
    h.db,
    'SELECT sequence, event_id, canonical, prev_hash, hash FROM audit_events ORDER BY sequence',
  );

test('SEC-LOG-04 each row holds SHA-256 over the previous row hash and its canonical record, from a zero genesis', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  const events = Array.from({ length: 5 }, () => validateAuditEvent(sampleEvent('payment.started')));
  for (const e of events) await h.writer.append(e);

  const rows = await allRows(h);
  let prev: Buffer = Buffer.alloc(32);
  rows.forEach((row, i) => {
    t.is(row.sequence, String(i + 1));
    t.is(row.canonical, canonicalAuditRecord(events[i]!));
    t.true(row.prev_hash.equals(prev));
    const expected = createHash('sha256')
      .update(Buffer.concat([prev, Buffer.from(row.canonical, 'utf8')]))
      .digest();
    t.true(row.hash.equals(expected), `row ${i + 1} hash`);
    prev = row.hash;
  });
  t.like(await verifyAuditChain(h.app, new Map()), {
    ok: true,
    events: 5,
    anchor: 'genesis',
    lastSequence: 5,
  });
});

test('SEC-LOG-04 concurrent appends from many connection pools and OS processes form one gapless chain', async (t) => {
  const h = await auditTestDb();
  const pools = Array.from({ length: 4 }, () => createSequelize(h.db.config, 'app'));
  t.teardown(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await h.close();
  });
  const env = {
    ...process.env,
    DATABASE_URL: h.db.config.database.url,
    DATABASE_ADMIN_URL: h.db.config.database.adminUrl,
  };
  const processes = ['p1', 'p2'].map((tag) =>
    run(process.execPath, ['--import', 'tsx', 'test/audit/helpers/append-process.ts', '40', tag], {
      cwd: ROOT,
      env,
    }),
  );
  const inProcess = pools.flatMap((pool) => {
    const writer = createAuditWriter(pool);
    return Array.from({ length: 30 }, () => writer.append(sampleEvent('booking.created')));
  });
  const [local, ...children] = await Promise.all([Promise.all(inProcess), ...processes]);

  const sequences = [
    ...local.map((r) => r.sequence),
    ...children.flatMap((c) => JSON.parse(c.stdout) as number[]),
  ];
  const total = 4 * 30 + 2 * 40;
  t.is(sequences.length, total);
  t.deepEqual(
    [...sequences].sort((a, b) => a - b),
    Array.from({ length: total }, (_, i) => i + 1),
    'every append got its own sequence, no gaps',
  );
  t.like(await verifyAuditChain(h.app, new Map()), { ok: true, events: total, lastSequence: total });
});

test('SEC-LOG-04 a retried append with the same event_id writes once and returns the stored row', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  const event = sampleEvent('refund.requested');
  const first = await h.writer.append(event);
  const again = await h.writer.append(structuredClone(event));
  const racing = await Promise.all(Array.from({ length: 10 }, () => h.writer.append(structuredClone(event))));

  t.false(first.duplicate);
  t.deepEqual(again, { ...first, duplicate: true });
  for (const r of racing) t.deepEqual(r, { ...first, duplicate: true });
  t.is((await allRows(h)).length, 1);
});

test('SEC-LOG-04 the same event_id with different content is refused, never overwritten', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  const event = sampleEvent('payment.failed');
  await h.writer.append(event);
  await t.throwsAsync(
    h.writer.append({ ...event, outcome: 'failure', actor: { type: 'user', id: 'someone_else' } }),
    {
      instanceOf: AuditEventConflictError,
    },
  );
  const rows = await allRows(h);
  t.is(rows.length, 1);
  t.is(rows[0]!.canonical, canonicalAuditRecord(validateAuditEvent(event)));
});

test('SEC-LOG-04 an invalid event is refused before anything is written', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  await t.throwsAsync(h.writer.append({ ...sampleEvent(), originIp: undefined as unknown as string }), {
    instanceOf: AuditEventInvalidError,
  });
  t.is((await allRows(h)).length, 0);
});

test('SEC-LOG-04 the database refuses, even from the app role, a row that does not extend the chain', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  await h.writer.append(sampleEvent());
  const [head] = await allRows(h);
  const event = validateAuditEvent(sampleEvent());
  const canonical = canonicalAuditRecord(event);
  const hashOver = (prev: Buffer, text = canonical) =>
    createHash('sha256').update(prev).update(text).digest();
  const insert = (sequence: number, prev: Buffer, hash: Buffer, text = canonical) =>
    h.app.query(
      `INSERT INTO audit_events (sequence, event_id, event_type, occurred_at, actor_type, actor_id, outcome,
         resource_type, resource_id, canonical, prev_hash, hash)
       VALUES ($1, $2, 'auth.login.succeeded', now(), 'user', 'usr_0001', 'success', 'user', 'usr_0001', $3, $4, $5)`,
      { bind: [sequence, event.eventId, text, prev, hash] },
    );
  const refused = { message: /does not extend the chain|wrong hash|violates check constraint/ };
  await t.throwsAsync(insert(2, Buffer.alloc(32), hashOver(Buffer.alloc(32))), refused, 'fork from genesis');
  await t.throwsAsync(insert(5, head!.hash, hashOver(head!.hash)), refused, 'skips sequences');
  await t.throwsAsync(insert(2, head!.hash, Buffer.alloc(32, 7)), refused, 'hash is not over the record');
  const twoLines = `${canonical}\n${canonical}`;
  await t.throwsAsync(
    insert(2, head!.hash, hashOver(head!.hash, twoLines), twoLines),
    {
      message: /audit_events_canonical_check/,
    },
    'a record with a raw newline',
  );
  t.is((await allRows(h)).length, 1);
});

test('SEC-LOG-04 appends grouped into one transaction keep their order, and one refused event does not fail the others', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  const first = sampleEvent('rate_limit.hit', { details: { limit: 'login_ip' } });
  await h.writer.append(first);

  const events = Array.from({ length: 450 }, (_, i) =>
    sampleEvent('rate_limit.hit', { details: { limit: 'login_ip', retryAfterSeconds: i } }),
  );
  const conflicting = { ...first, originIp: '192.0.2.99' };
  const settled = await Promise.allSettled([
    ...events.slice(0, 200).map((e) => h.writer.append(e)),
    h.writer.append(conflicting),
    h.writer.append(structuredClone(first)),
    ...events.slice(200).map((e) => h.writer.append(e)),
  ]);

  const rejected = settled.filter((s) => s.status === 'rejected');
  t.is(rejected.length, 1);
  t.true((rejected[0] as PromiseRejectedResult).reason instanceof AuditEventConflictError);
  const fulfilled = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  t.like(fulfilled[200], { sequence: 1, duplicate: true });
  const newSequences = fulfilled.filter((r) => !r.duplicate).map((r) => r.sequence);
  t.deepEqual(
    newSequences,
    Array.from({ length: 450 }, (_, i) => i + 2),
    'in call order, gapless',
  );
  t.like(await verifyAuditChain(h.app, new Map()), { ok: true, events: 451 });
});
