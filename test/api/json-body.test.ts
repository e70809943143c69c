import test from 'ava';
import * as yup from 'yup';
import { prescanJson } from '../../api/json/prescan';
import type { RouteDeclaration } from '../../api/routing/route';
import { startApiApp, type ApiApp } from '../helpers/api-app';

const MB = 1_048_576;

const testRoutes: RouteDeclaration[] = [
  {
    method: 'POST',
    path: '/test/json',
    summary: 'test only: reads a JSON body',
    permission: 'public',
    body: yup.object({ payload: yup.mixed() }),
    handler(ctx) {
      ctx.body = { received: true };
    },
  },
  {
    method: 'POST',
    path: '/test/merge',
    summary: 'test only: merges the body into a plain object, as careless code would',
    permission: 'public',
    body: yup.object({ a: yup.mixed() }),
    handler(ctx) {
      const target: Record<string, unknown> = {};
      const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
        for (const key of Object.keys(from)) {
          const value = from[key];
          if (typeof value === 'object' && value !== null)
            merge((into[key] ??= {}) as Record<string, unknown>, value as Record<string, unknown>);
          else into[key] = value;
        }
      };
      merge(target, ctx.state.input?.body as Record<string, unknown>);
      ctx.body = { merged: true };
    },
  },
  {
    method: 'GET',
    path: '/test/list',
    summary: 'test only: declares one list parameter',
    permission: 'public',
    query: yup.object({ tag: yup.array(yup.string().required()), page: yup.string() }),
    handler(ctx) {
      ctx.body = ctx.state.input?.query;
    },
  },
];

let api: ApiApp;
test.before(async () => {
  api = await startApiApp({ extraRoutes: testRoutes });
});
test.after.always(() => api.close());

const postJson = (text: string, path = '/test/json', headers: Record<string, string> = {}) =>
  api.send({ method: 'POST', path, headers: { 'Content-Type': 'application/json', ...headers }, body: text });

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

// "1 MB" in SECURITY.md is read as 1 MiB = 1,048,576 bytes, the figure pinned here.
test('SEC-VAL-03 the body limit is 1 MiB: exactly 1,048,576 bytes are read, 1,048,577 bytes are 413', async (t) => {
  const wrapper = '{"payload":""}';
  const padding = MB + 1 - wrapper.length;
  const tooBig = `{"payload":""}${' '.repeat(padding)}`;
  t.is(Buffer.byteLength(tooBig), 1_048_577);
  const answer = await postJson(tooBig);
  t.is(answer.status, 413);
  t.is(answer.json.error_code, 'PAYLOAD_TOO_LARGE');
  t.is(answer.json.message, 'Request body exceeds 1048576 bytes');
  const exact = `{"payload":""}${' '.repeat(MB - wrapper.length)}`;
  t.is(Buffer.byteLength(exact), 1_048_576);
  t.is((await postJson(exact)).status, 200);
});

test('SEC-VAL-03 a chunked body without Content-Length is cut off at the limit with 413', async (t) => {
  const chunk = ' '.repeat(64 * 1024);
  const chunks = ['{"payload":"x"}', ...Array.from({ length: 16 }, () => chunk), ' '];
  t.is(chunks.reduce((n, c) => n + Buffer.byteLength(c), 0) > MB, true);
  const answer = await api.send({
    method: 'POST',
    path: '/test/json',
    headers: { 'Content-Type': 'application/json' },
    chunks,
  });
  t.is(answer.status, 413);
  t.is(answer.json.error_code, 'PAYLOAD_TOO_LARGE');
});

test('SEC-VAL-03 a Content-Length over the limit is refused before the body is read', async (t) => {
  // Only 11 of the announced 50 MB are ever sent: an app that read the body would wait for the
  // rest until the request timeout, so the 413 itself shows that nothing was read.
  const answer = await api.send({
    method: 'POST',
    path: '/test/json',
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(50 * MB) },
    chunks: ['{"payload":'],
  });
  t.is(answer.status, 413);
  t.is(answer.json.error_code, 'PAYLOAD_TOO_LARGE');
});

test('SEC-VAL-03 JSON nested 5 deep is read; 6 deep is refused', async (t) => {
  t.is((await postJson(JSON.stringify({ payload: nested(3) }))).status, 200); // 4 objects
  t.is((await postJson(JSON.stringify({ payload: nested(4) }))).status, 200); // 5 objects
  const answer = await postJson(JSON.stringify({ payload: nested(5) })); // 6 objects
  t.is(answer.status, 400);
  t.is(answer.json.error_code, 'JSON_TOO_DEEP');
  const arrays = await postJson('{"payload":[[[[[1]]]]]}');
  t.is(arrays.status, 400);
  t.is(arrays.json.error_code, 'JSON_TOO_DEEP');
});

test('SEC-VAL-03 an array of 100 is read; 101 is refused', async (t) => {
  t.is((await postJson(JSON.stringify({ payload: Array(100).fill(1) }))).status, 200);
  const answer = await postJson(JSON.stringify({ payload: Array(101).fill(1) }));
  t.is(answer.status, 400);
  t.is(answer.json.error_code, 'JSON_TOO_MANY_ITEMS');
});

test('SEC-VAL-03 a string of 10,000 is read; 10,001 is refused, escapes counted decoded', async (t) => {
  t.is((await postJson(JSON.stringify({ payload: 'x'.repeat(10_000) }))).status, 200);
  t.is((await postJson(JSON.stringify({ payload: '\n'.repeat(10_000) }))).status, 200, '\\n counts as one');
  const answer = await postJson(JSON.stringify({ payload: 'x'.repeat(10_001) }));
  t.is(answer.status, 400);
  t.is(answer.json.error_code, 'JSON_STRING_TOO_LONG');
  const key = await postJson(JSON.stringify({ ['k'.repeat(10_001)]: 1 }));
  t.is(key.status, 400);
  t.is(key.json.error_code, 'JSON_STRING_TOO_LONG');
});

test('SEC-VAL-03 __proto__, constructor and prototype keys are refused anywhere; Object.prototype stays clean', async (t) => {
  const bodies = [
    '{"__proto__":{"polluted":true}}',
    '{"a":{"b":{"__proto__":{"polluted":true}}}}',
    '{"\\u005f_proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":[{"prototype":{"polluted":true}}]}',
  ];
  for (const body of bodies) {
    const answer = await postJson(body, '/test/merge');
    t.is(answer.status, 400, body);
    t.is(answer.json.error_code, 'JSON_FORBIDDEN_KEY', body);
  }
  const query = await api.send('/healthz?__proto__=1');
  t.is(query.status, 400);
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

test('SEC-VAL-03 a key repeated in one object is refused', async (t) => {
  const answer = await postJson('{"payload":1,"payload":2}');
  t.is(answer.status, 400);
  t.is(answer.json.error_code, 'JSON_DUPLICATE_KEY');
});

test('SEC-VAL-03 a repeated query parameter is refused unless declared as a list', async (t) => {
  const repeated = await api.send('/test/list?page=1&page=2');
  t.is(repeated.status, 400);
  t.is(repeated.json.error_code, 'REPEATED_QUERY_PARAMETER');
  const list = await api.send('/test/list?tag=a&tag=b&page=1');
  t.is(list.status, 200);
  t.deepEqual(list.json, { tag: ['a', 'b'], page: '1' });
  const single = await api.send('/test/list?tag=a');
  t.deepEqual(single.json, { tag: ['a'] });
  const probe = await api.send('/healthz?x=1&x=2');
  t.is(probe.status, 400);
});

test('SEC-VAL-03 only application/json in UTF-8 is read (415 otherwise)', async (t) => {
  const send = (headers: Record<string, string>, body = '{"payload":1}') =>
    api.send({ method: 'POST', path: '/test/json', headers, body });
  t.is((await send({ 'Content-Type': 'text/plain' })).status, 415);
  t.is((await send({ 'Content-Type': 'application/x-www-form-urlencoded' }, 'payload=1')).status, 415);
  t.is((await send({ 'Content-Type': 'application/json; charset=utf-16' })).status, 415);
  t.is((await send({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })).status, 415);
  t.is((await send({})).status, 415);
  t.is((await send({ 'Content-Type': 'application/json; charset=UTF-8' })).status, 200);
  const badUtf8 = await api.send({
    method: 'POST',
    path: '/test/json',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
  });
  t.is(badUtf8.status, 400);
});

test('SEC-VAL-03 a route without a body schema refuses a body; a route with one requires it', async (t) => {
  const unexpected = await api.send({
    method: 'GET',
    path: '/healthz',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  t.is(unexpected.status, 400);
  t.is(unexpected.json.error_code, 'BODY_NOT_ALLOWED');
  const missing = await api.send({ method: 'POST', path: '/test/json' });
  t.is(missing.status, 400);
  t.is(missing.json.error_code, 'BODY_REQUIRED');
});

test('SEC-VAL-03 malformed JSON is a 400, not a 500', async (t) => {
  for (const text of ['{', '{"a":}', '[1,2', '}', 'nul', '{"a":1}}']) {
    const answer = await postJson(text);
    t.is(answer.status, 400, text);
    t.regex(answer.json.error_code, /^(MALFORMED_JSON|VALIDATION_FAILED)$/, text);
  }
});

/** The text as a String object that counts the characters the scanner reads. */
class CountingText extends String {
  reads = 0;
  override charCodeAt(index: number): number {
    this.reads++;
    return super.charCodeAt(index);
  }
}

async function medianRoundTripMs(text: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    t400(await postJson(text));
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1]!;
}
function t400(answer: { status: number }) {
  if (answer.status !== 400) throw new Error(`expected 400, got ${answer.status}`);
}

test('SEC-VAL-03 hostile JSON costs bounded time: 900 KB of [[[[ and 900 KB of tiny keys', async (t) => {
  const hostile = [
    '['.repeat(900_000),
    `{${Array.from({ length: 120_000 }, (_, i) => `"${i.toString(36)}":1`).join(',')}}`.slice(0, 900_000),
    `{"payload":[${'1,'.repeat(450_000)}1]}`,
    `{"payload":"${'\\u0041'.repeat(150_000)}"}`,
  ];
  const limits = api.config.api;
  // Within every limit, so JSON.parse builds all of it: 90 strings of 9,999 characters (refused
  // afterwards for its unknown keys). The same size and the same route as the hostile bodies.
  const ordinary = `{${Array.from({ length: 90 }, (_, i) => `"k${i}":"${'x'.repeat(9_999)}"`).join(',')}}`;
  t.is(prescanJson(ordinary, limits), undefined);
  const baselineMs = await medianRoundTripMs(ordinary);
  for (const text of hostile) {
    t.true(Buffer.byteLength(text) >= 900_000);
    // Counted, not timed: the scan stops at the first broken limit, a few kilobytes in.
    const counted = new CountingText(text);
    t.truthy(prescanJson(counted as unknown as string, limits));
    // (A string is the costliest case: up to two reads per decoded character of the string limit.)
    t.true(
      counted.reads <= 2 * limits.maxStringLength + 1_000,
      `pre-scan read ${counted.reads} of ${text.length} characters`,
    );
    // Through the whole app (read, scan, answer), against the ordinary body of the same size
    // measured now: never more than a wide multiple of reading and parsing it.
    const hostileMs = await medianRoundTripMs(text);
    t.true(
      hostileMs < Math.max(baselineMs, 1) * 20,
      `${text.slice(0, 12)}… answered in ${hostileMs.toFixed(0)} ms, ordinary body ${baselineMs.toFixed(0)} ms`,
    );
  }
});
