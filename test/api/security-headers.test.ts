import test from 'ava';
import * as yup from 'yup';
import type { IncomingHttpHeaders } from 'node:http';
import { CONTENT_SECURITY_POLICY, webAppContentSecurityPolicy } from '../../api/middleware/security-headers';
import { buildWebApp } from '../../tools/web-build/build';
import { ConfigError, loadConfig } from '../../lib/config';
import type { RouteDeclaration } from '../../api/routing/route';
import { rawExchange } from '../helpers/raw-socket';
import { startApiApp, type ApiApp } from '../helpers/api-app';

const testRoutes: RouteDeclaration[] = [
  {
    method: 'POST',
    path: '/test/echo',
    summary: 'test only: echoes a JSON body',
    permission: 'public',
    body: yup.object({ text: yup.string() }),
    handler(ctx) {
      ctx.body = ctx.state.input?.body;
    },
  },
  {
    method: 'GET',
    path: '/test/boom',
    summary: 'test only: fails unexpectedly',
    permission: 'public',
    handler() {
      throw new TypeError('cannot read /srv/app/secret.ts');
    },
  },
  {
    method: 'GET',
    path: '/test/unserialisable',
    summary: 'test only: a body Koa cannot serialise, failing after every middleware returned',
    permission: 'public',
    handler(ctx) {
      ctx.body = { count: 10n };
    },
  },
];

let api: ApiApp;
test.before(async () => {
  api = await startApiApp({ extraRoutes: testRoutes });
});
test.after.always(() => api.close());

function assertSecurityHeaders(
  t: import('ava').ExecutionContext,
  headers: IncomingHttpHeaders,
  hstsMaxAge: number,
) {
  t.is(headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  t.is(
    headers['content-security-policy'],
    "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  );
  t.is(headers['x-content-type-options'], 'nosniff');
  t.is(headers['x-frame-options'], 'DENY');
  t.is(headers['referrer-policy'], 'no-referrer');
  const hsts = /max-age=(\d+)/.exec(headers['strict-transport-security'] ?? '');
  t.truthy(hsts, 'HSTS present');
  t.true(Number(hsts?.[1]) >= 31_536_000, 'HSTS at least one year');
  t.is(Number(hsts?.[1]), hstsMaxAge);
  t.is(headers['cache-control'], 'no-store');
  t.is(headers['x-powered-by'], undefined);
}

const cases: { name: string; status: number; request: Parameters<ApiApp['send']>[0] }[] = [
  { name: '200', status: 200, request: '/healthz' },
  { name: '200 (docs page)', status: 200, request: '/api/docs' },
  { name: '400', status: 400, request: '/healthz?unknown=1' },
  { name: '404', status: 404, request: '/no/such/route' },
  { name: '405', status: 405, request: { method: 'DELETE', path: '/healthz' } },
  { name: '204 (OPTIONS)', status: 204, request: { method: 'OPTIONS', path: '/healthz' } },
  {
    name: '415',
    status: 415,
    request: { method: 'POST', path: '/test/echo', headers: { 'Content-Type': 'text/plain' }, body: 'hi' },
  },
  {
    name: '413',
    status: 413,
    request: {
      method: 'POST',
      path: '/test/echo',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(1_048_577) }),
    },
  },
  { name: '500', status: 500, request: '/test/boom' },
  { name: '500 (last resort)', status: 500, request: '/test/unserialisable' },
];

for (const { name, status, request } of cases) {
  test(`SEC-WEB-03 security headers on a ${name} answer`, async (t) => {
    const answer = await api.send(request);
    t.is(answer.status, status);
    assertSecurityHeaders(t, answer.headers, api.config.api.hstsMaxAgeSeconds);
    t.regex(String(answer.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
}

test('SEC-WEB-03 security headers on a 400 for a request Node cannot parse', async (t) => {
  const answer = await rawExchange(api.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
  t.is(answer.status, 400);
  assertSecurityHeaders(t, answer.headers, api.config.api.hstsMaxAgeSeconds);
  t.is(JSON.parse(answer.body).error_code, 'MALFORMED_REQUEST');
});

test('SEC-WEB-03 HSTS cannot be configured below one year', (t) => {
  // Parsing only: nothing here reaches a service.
  t.is(loadConfig({}).api.hstsMaxAgeSeconds, 31_536_000);
  t.is(loadConfig({ HSTS_MAX_AGE_SECONDS: '63072000' }).api.hstsMaxAgeSeconds, 63_072_000);
  for (const raw of ['31535999', '86400', '0']) {
    t.throws(() => loadConfig({ HSTS_MAX_AGE_SECONDS: raw }), { instanceOf: ConfigError }, raw);
  }
});

test('SEC-WEB-03 the docs page carries no inline script and no inline style, so it runs under the CSP', async (t) => {
  const answer = await api.send('/api/docs');
  t.is(answer.status, 200);
  t.regex(String(answer.headers['content-type']), /^text\/html/);
  const scripts = answer.text.match(/<script[^>]*>[^<]*<\/script>/gi) ?? [];
  t.true(scripts.length > 0);
  for (const script of scripts)
    t.regex(script, /^<script src="\/api\/docs\/assets\/[a-z0-9.-]+"><\/script>$/);
  t.notRegex(answer.text, /<style|\sstyle=|\son[a-z]+=|javascript:|https?:/i);
});

test('SEC-WEB-03 the web app page allows frames from the card origin only; its files and the API keep the API policy', async (t) => {
  await buildWebApp();
  const cardOrigin = api.config.webApp.cardFrameOrigin;
  t.truthy(cardOrigin, 'CARD_FRAME_ORIGIN is set by scripts/with-env.sh');
  const page = await api.send('/app');
  t.is(page.status, 200);
  t.is(page.headers['content-security-policy'], webAppContentSecurityPolicy(cardOrigin));
  t.is(
    page.headers['content-security-policy'],
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; " +
      `frame-src ${cardOrigin}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
  );
  t.is(page.headers['x-frame-options'], 'DENY');
  t.is(page.headers['cache-control'], 'no-store');
  // Nothing inline: scripts and the stylesheet are files of this origin.
  const scripts = page.text.match(/<script[^>]*>[^<]*<\/script>/gi) ?? [];
  t.deepEqual(scripts, [
    '<script src="/login-challenge.js" defer></script>',
    '<script src="/app/app.js" defer></script>',
  ]);
  t.notRegex(page.text, /<style|\sstyle=|\son[a-z]+=|javascript:/i);
  t.true(page.text.includes(`<meta name="th-card-frame-origin" content="${cardOrigin}" />`));
  for (const path of ['/app/app.js', '/app/app.css', '/healthz', '/signin']) {
    const answer = await api.send(path);
    t.is(answer.status, 200, path);
    t.is(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY, path);
  }
});

test('SEC-WEB-03 without a card origin the web app page allows no frame at all', (t) => {
  t.is(
    webAppContentSecurityPolicy(null),
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; " +
      "frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
});
