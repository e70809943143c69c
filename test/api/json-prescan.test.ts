import test from 'ava';
import fc from 'fast-check';
import { FORBIDDEN_KEYS } from '../../api/json/forbidden-keys';
import { prescanJson, type JsonLimits, type JsonProblem } from '../../api/json/prescan';
import { assertProperty } from '../helpers/property-runs';

/** What a parsed value breaks, measured on the value itself: the reference the scanner must agree with. */
function violations(value: unknown, limits: JsonLimits, depth = 0): Set<JsonProblem> {
  const found = new Set<JsonProblem>();
  const walk = (v: unknown, level: number) => {
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) found.add('JSON_STRING_TOO_LONG');
    } else if (Array.isArray(v)) {
      if (level + 1 > limits.maxJsonDepth) found.add('JSON_TOO_DEEP');
      if (v.length > limits.maxArrayLength) found.add('JSON_TOO_MANY_ITEMS');
      v.forEach((item) => walk(item, level + 1));
    } else if (v !== null && typeof v === 'object') {
      if (level + 1 > limits.maxJsonDepth) found.add('JSON_TOO_DEEP');
      const keys = Object.keys(v);
      if (keys.length > limits.maxArrayLength) found.add('JSON_TOO_MANY_ITEMS');
      for (const key of keys) {
        if (key.length > limits.maxStringLength) found.add('JSON_STRING_TOO_LONG');
        if (FORBIDDEN_KEYS.has(key)) found.add('JSON_FORBIDDEN_KEY');
        walk((v as Record<string, unknown>)[key], level + 1);
      }
    }
  };
  walk(value, depth);
  return found;
}

const limitsArb = fc.record({
  maxJsonDepth: fc.integer({ min: 1, max: 5 }),
  maxArrayLength: fc.integer({ min: 0, max: 6 }),
  maxStringLength: fc.integer({ min: 0, max: 12 }),
});

test('SEC-VAL-03 the pre-scan refuses exactly what breaks a limit, whatever the formatting', (t) => {
  assertProperty(
    fc.property(
      fc.jsonValue({ maxDepth: 6 }),
      limitsArb,
      fc.constantFrom(undefined, 2, '\t'),
      (value, limits, space) => {
        const text = JSON.stringify(value, null, space);
        const expected = violations(value, limits);
        const problem = prescanJson(text, limits);
        if (expected.size === 0) return problem === undefined;
        return problem !== undefined && expected.has(problem);
      },
    ),
    { numRuns: 2_000 },
  );
  t.pass();
});

test('SEC-VAL-03 the pre-scan counts escaped characters as JSON.parse decodes them', (t) => {
  assertProperty(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.integer({ min: 0, max: 25 }),
      (text, max) => {
        const limits = { maxJsonDepth: 5, maxArrayLength: 100, maxStringLength: max };
        const problem = prescanJson(JSON.stringify([text]), limits);
        return text.length > max ? problem === 'JSON_STRING_TOO_LONG' : problem === undefined;
      },
    ),
  );
  t.pass();
});

test('SEC-VAL-03 escaped and duplicated keys cannot slip past the pre-scan', (t) => {
  const limits = { maxJsonDepth: 5, maxArrayLength: 100, maxStringLength: 100 };
  t.is(prescanJson('{"\\u0063onstructor":{}}', limits), 'JSON_FORBIDDEN_KEY');
  t.is(prescanJson('{"a":1,"\\u0061":2}', limits), 'JSON_DUPLICATE_KEY');
  t.is(prescanJson('{"a":{"b":1},"c":{"b":2}}', limits), undefined, 'the same key in two objects is fine');
  t.is(prescanJson('["__proto__"]', limits), undefined, 'a value, not a key');
  t.is(prescanJson('{"a":"}{[[[["}', limits), undefined, 'brackets inside strings do not count');
  t.is(prescanJson('"unterminated', limits), 'MALFORMED_JSON');
});
