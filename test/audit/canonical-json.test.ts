import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  AuditEventInvalidError,
  canonicalAuditRecord,
  canonicalJson,
  parseAuditRecord,
  validateAuditEvent,
  verifyAuditChain,
} from '../../lib/audit';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import { assertProperty } from '../helpers/property-runs';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// Any UTF-16 code unit, lone surrogates and every control character included.
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

const canonicalValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    anyText,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyText, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value;

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const rotated = entries
    .slice(seed % (entries.length || 1))
    .concat(entries.slice(0, seed % (entries.length || 1)))
    .reverse();
  return Object.fromEntries(rotated.map(([k, v]) => [k, shuffleKeys(v, seed)]));
}

test('SEC-LOG-04 canonical JSON is one text per value: key order does not matter and it parses back to the value', (t) => {
  assertProperty(
    fc.property(canonicalValue, fc.nat(), (value, seed) => {
      const text = canonicalJson(value);
      return (
        text === canonicalJson(shuffleKeys(value, seed)) &&
        PRINTABLE_ASCII.test(text) &&
        canonicalJson(JSON.parse(text)) === text &&
        isDeepStrictEqual(JSON.parse(text), value)
      );
    }),
    { numRuns: 500 },
  );
  t.is(canonicalJson({ b: 1, a: [true, null, 'x'] }), '{"a":[true,null,"x"],"b":1}');
  t.throws(() => canonicalJson({ a: 1.5 }), { instanceOf: TypeError });
  t.throws(() => canonicalJson({ a: undefined }), { instanceOf: TypeError });
  t.throws(() => canonicalJson({ a: new Date() }), { instanceOf: TypeError });
});

const FORGERIES = [
  'ok\n{"v":1,"type":"auth.login.succeeded","outcome":"success"}',
  'ok\r\nsequence=999 outcome=success',
  'ok\u2028forged line\u2029',
  '\u001b[2J\u001b[1;1Hcleared the terminal',
  'tab\tand\u0000nul and \u007f del and \u0085 nel',
  '","outcome":"success","x":"',
  '\\"},"actor":{"type":"admin","id":"root"},"z":{"a":"',
  'bidi \u202egnp.exe\u202c override and \u2066isolate\u2069',
  'émoji 😀 and ideographs 旅行',
];

test('SEC-LOG-04 log forging: user text with newlines, control characters, quotes and bidi overrides cannot forge a record', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  for (const note of FORGERIES) {
    const event = validateAuditEvent(sampleEvent('admin.action', { details: { action: 'note', note } }));
    const canonical = canonicalAuditRecord(event);
    t.regex(canonical, PRINTABLE_ASCII, 'one line of printable ASCII');
    t.deepEqual(parseAuditRecord(canonical), event, 'reads back as exactly the one event, text unchanged');
    t.is((JSON.parse(canonical) as { outcome: string }).outcome, event.outcome);
    await h.writer.append(event);
  }
  const rows = await rawQuery<{ canonical: string }>(
    h.db,
    'SELECT canonical FROM audit_events ORDER BY sequence',
  );
  t.is(rows.length, FORGERIES.length, 'one row per event, none injected');
  for (const row of rows) t.regex(row.canonical, PRINTABLE_ASCII);
  t.deepEqual(
    rows.map((row) => parseAuditRecord(row.canonical).details.note),
    FORGERIES,
  );
  t.like(await verifyAuditChain(h.app, new Map()), { ok: true, events: FORGERIES.length });
});

test('SEC-LOG-04 log forging: any text in any detail keeps the record one canonical line that round-trips', (t) => {
  assertProperty(
    fc.property(anyText, (note) => {
      let event;
      try {
        event = validateAuditEvent(sampleEvent('admin.action', { details: { action: 'x', note } }));
      } catch (err) {
        return err instanceof AuditEventInvalidError && /[\ud800-\udfff]/u.test(note);
      }
      const canonical = canonicalAuditRecord(event);
      return PRINTABLE_ASCII.test(canonical) && parseAuditRecord(canonical).details.note === note;
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

test('SEC-LOG-04 a stored record that is valid JSON but not in canonical form is refused on reading', (t) => {
  const event = validateAuditEvent(sampleEvent());
  const canonical = canonicalAuditRecord(event);
  const reordered = JSON.stringify(
    Object.fromEntries(Object.entries(JSON.parse(canonical) as object).reverse()),
  );
  t.throws(() => parseAuditRecord(reordered), { message: /canonical form/ });
  t.throws(() => parseAuditRecord(canonical.replace('{', '{ ')), { message: /canonical form/ });
  t.throws(() => parseAuditRecord(canonical.replace('"v":1', '"v":2')), { message: /version 2/ });
  t.throws(() => parseAuditRecord('{"v":1'), { message: /not JSON/ });
});
