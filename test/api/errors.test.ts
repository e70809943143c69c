import test, { type ExecutionContext } from 'ava';
import { Readable } from 'node:stream';
import { AppError } from '../../lib/errors';
import type { RouteDeclaration, RouteGuard } from '../../api/routing/route';
import type { HttpAnswer } from '../helpers/http-request';
import { startApiApp, type ApiApp } from '../helpers/api-app';
import { stableAnswerText } from '../helpers/generated-fields';

const LEAKY_MESSAGE =
  "Cannot read properties of undefined (reading 'id') at /srv/travelhub/db/models/user.ts:42 " +
  "while running SELECT * FROM users WHERE email = 'ana@example.com' on db.internal.travelhub:5432";

let guardedHandlerRan = false;

const get = (path: string, handler: RouteDeclaration['handler']): RouteDeclaration => ({
  method: 'GET',
  path,
  summary: `test only: ${path}`,
  permission: 'public',
  handler,
});

let api: ApiApp;

const testRoutes: RouteDeclaration[] = [
  get('/test/app-error', () => {
    throw new AppError(
      429,
      'RATE_LIMITED',
      'Too many requests',
      { policy: 'search' },
      { 'Retry-After': '42' },
    );
  }),
  get('/test/type-error', () => {
    throw new TypeError(LEAKY_MESSAGE);
  }),
  get('/test/database-error', async () => {
    // A real Postgres error: its message names the table and carries the SQL.
    await api.clients.sequelize.query('SELECT secret_column FROM no_such_table_for_sec_err_01');
  }),
  get('/test/library-error', (ctx) => {
    ctx.throw(400, `bad input near ${LEAKY_MESSAGE}`);
  }),
  get('/test/app-error-500', () => {
    throw new AppError(500, 'INTERNAL_ERROR', LEAKY_MESSAGE);
  }),
  get('/test/unserialisable', (ctx) => {
    ctx.body = { total: 10n };
  }),
  get('/test/broken-stream', (ctx) => {
    ctx.body = new Readable({
      read() {
        this.destroy(new Error(LEAKY_MESSAGE));
      },
    });
  }),
  get('/test/fails-after-setting-headers', (ctx) => {
    ctx.set('Set-Cookie', '__Host-session=abc; Path=/; Secure; HttpOnly');
    ctx.set('Location', '/elsewhere');
    ctx.set('Cache-Control', 'public, max-age=3600');
    throw new AppError(409, 'CONFLICT', 'Conflict');
  }),
  get('/test/guarded-sync', () => {
    guardedHandlerRan = true;
  }),
  get('/test/guarded-async', () => {
    guardedHandlerRan = true;
  }),
  { ...get('/test/needs-login', () => undefined), permission: 'authenticated' },
  { ...get('/test/undeclared', () => undefined), permission: 'no_such_permission' as never },
];

/** Guards whose check itself breaks, as an authorization, session or rate-limit check might. */
const brokenGuards: RouteGuard[] = [
  (route) =>
    route.path === '/test/guarded-sync'
      ? () => {
          throw new TypeError(LEAKY_MESSAGE);
        }
      : undefined,
  (route) =>
    route.path === '/test/guarded-async'
      ? async () => {
          await Promise.resolve();
          throw new Error(`redis ECONNREFUSED 10.0.3.7:6379 ${LEAKY_MESSAGE}`);
        }
      : undefined,
];

test.before(async () => {
  api = await startApiApp({ extraRoutes: testRoutes, guards: brokenGuards });
});
test.after.always(() => api.close());

function assertErrorBody(t: ExecutionContext, answer: HttpAnswer, status: number, code: string) {
  t.is(answer.status, status);
  t.regex(String(answer.headers['content-type']), /^application\/json/);
  const body = answer.json as Record<string, unknown>;
  t.deepEqual(
    Object.keys(body)
      .filter((k) => k !== 'details')
      .sort(),
    ['error_code', 'error_id', 'message', 'timestamp'],
  );
  t.is(body.error_code, code);
  t.is(typeof body.message, 'string');
  t.regex(String(body.error_id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.is(new Date(String(body.timestamp)).toISOString(), String(body.timestamp));
  return body;
}

/** Searched without error_id and timestamp (their shapes are asserted by assertErrorBody). */
function assertNothingLeaks(t: ExecutionContext, answer: HttpAnswer) {
  const text = stableAnswerText(answer.text);
  for (const secret of [
    'SELECT',
    'FROM',
    'no_such_table',
    'users',
    '/srv',
    '.ts',
    'db.internal',
    '10.0.3.7',
    'ECONNREFUSED',
    'ana@example.com',
    '    at ',
    'TypeError',
    'stack',
  ]) {
    t.false(text.includes(secret), `answer must not contain ${secret}`);
  }
}

function logRecordOf(errorId: unknown) {
  return api.logs.records.find((record) => record.error_id === errorId && record.msg !== 'request');
}

test('SEC-ERR-01 an AppError keeps its status, code, message, details and headers', async (t) => {
  const answer = await api.send('/test/app-error');
  const body = assertErrorBody(t, answer, 429, 'RATE_LIMITED');
  t.is(body.message, 'Too many requests');
  t.deepEqual(body.details, { policy: 'search' });
  t.is(answer.headers['retry-after'], '42');
});

test('SEC-ERR-01 an error answer drops what the failing route had set, and keeps the security headers', async (t) => {
  const answer = await api.send('/test/fails-after-setting-headers');
  assertErrorBody(t, answer, 409, 'CONFLICT');
  t.is(answer.headers['set-cookie'], undefined);
  t.is(answer.headers.location, undefined);
  t.is(answer.headers['cache-control'], 'no-store');
  t.truthy(answer.headers['content-security-policy']);
  t.truthy(answer.headers['x-request-id']);
});

test('SEC-ERR-01 404 and 405 answer in the same body; 405 lists the allowed methods', async (t) => {
  assertErrorBody(t, await api.send('/no/such/route'), 404, 'NOT_FOUND');
  const wrongMethod = await api.send({ method: 'PUT', path: '/healthz' });
  assertErrorBody(t, wrongMethod, 405, 'METHOD_NOT_ALLOWED');
  t.is(wrongMethod.headers.allow, 'HEAD, GET, OPTIONS');
  const options = await api.send({ method: 'OPTIONS', path: '/healthz' });
  t.is(options.status, 204);
  t.is(options.headers.allow, 'HEAD, GET, OPTIONS');
});

test('SEC-ERR-01 the error_id of an answer finds its log line', async (t) => {
  const answer = await api.send('/test/type-error');
  const body = assertErrorBody(t, answer, 500, 'INTERNAL_ERROR');
  const record = logRecordOf(body.error_id);
  t.truthy(record, 'a log record carries the error_id');
  t.is(record?.level, 50);
  t.is(record?.request_id, answer.headers['x-request-id']);
  t.truthy(record?.err, 'the log record holds the error itself');
  await new Promise((resolve) => setImmediate(resolve));
  const requestLine = api.logs.records.find((r) => r.msg === 'request' && r.error_id === body.error_id);
  t.is(requestLine?.error_code, 'INTERNAL_ERROR');
  t.is(requestLine?.status, 500);
});

test('SEC-ERR-01 a 4xx error_id finds its log line too', async (t) => {
  const answer = await api.send('/healthz?unexpected=1');
  const body = assertErrorBody(t, answer, 400, 'UNKNOWN_FIELDS');
  t.truthy(logRecordOf(body.error_id));
});

test('SEC-ERR-03 a TypeError carrying a path and SQL becomes a generic 500', async (t) => {
  const answer = await api.send('/test/type-error');
  const body = assertErrorBody(t, answer, 500, 'INTERNAL_ERROR');
  t.is(body.message, 'An unexpected error occurred');
  t.is(body.details, undefined);
  assertNothingLeaks(t, answer);
});

test('SEC-ERR-03 a real Postgres error becomes a generic 500 without its SQL', async (t) => {
  const answer = await api.send('/test/database-error');
  const body = assertErrorBody(t, answer, 500, 'INTERNAL_ERROR');
  t.is(body.message, 'An unexpected error occurred');
  assertNothingLeaks(t, answer);
  t.truthy(logRecordOf(body.error_id), 'the database error is logged under the error_id');
});

test('SEC-ERR-03 a library 4xx keeps its status but not its message', async (t) => {
  const answer = await api.send('/test/library-error');
  const body = assertErrorBody(t, answer, 400, 'BAD_REQUEST');
  t.is(body.message, 'Bad request');
  assertNothingLeaks(t, answer);
});

test('SEC-ERR-03 a 500 AppError is generic whatever its message says', async (t) => {
  const answer = await api.send('/test/app-error-500');
  const body = assertErrorBody(t, answer, 500, 'INTERNAL_ERROR');
  t.is(body.message, 'An unexpected error occurred');
  assertNothingLeaks(t, answer);
});

test('SEC-ERR-03 a failing check inside a guard refuses the request', async (t) => {
  guardedHandlerRan = false;
  for (const path of ['/test/guarded-sync', '/test/guarded-async']) {
    const answer = await api.send(path);
    assertErrorBody(t, answer, 500, 'INTERNAL_ERROR');
    assertNothingLeaks(t, answer);
  }
  t.false(guardedHandlerRan, 'the route never ran');
});

test('SEC-ERR-03 the permission check on every route refuses without an actor or a valid declaration', async (t) => {
  assertErrorBody(t, await api.send('/test/needs-login'), 401, 'AUTHENTICATION_REQUIRED');
  assertErrorBody(t, await api.send('/test/undeclared'), 403, 'ACCESS_DENIED');
});

test('SEC-ERR-03 the last-resort handler answers what escapes the middleware chain', async (t) => {
  const answer = await api.send('/test/unserialisable');
  const body = assertErrorBody(t, answer, 500, 'INTERNAL_ERROR');
  assertNothingLeaks(t, answer);
  t.regex(String(answer.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  t.truthy(logRecordOf(body.error_id));
});

test('SEC-ERR-03 a streamed body that fails is cut off and logged, never shown', async (t) => {
  const before = api.logs.records.length;
  const outcome = await api.send('/test/broken-stream').then(
    (answer) => stableAnswerText(answer.text),
    (err: Error) => `connection closed: ${err.message}`,
  );
  t.false(outcome.includes('/srv'));
  t.false(outcome.includes('SELECT'));
  const failure = api.logs.records.slice(before).find((r) => r.msg === 'request failed');
  t.truthy(failure?.error_id, 'the failure is logged with an error_id');
});
