import test from 'ava';
import { CONTENT_SECURITY_POLICY } from '../../api/middleware/security-headers';
import type { RouteDeclaration } from '../../api/routing/route';
import { rawExchange } from '../helpers/raw-socket';
import { startApiApp, type ApiApp } from '../helpers/api-app';

const TIMEOUT_MS = 300;
let abortedBySignal = false;

const slow: RouteDeclaration = {
  method: 'GET',
  path: '/test/slow',
  summary: 'test only: works longer than the request timeout',
  permission: 'public',
  async handler(ctx) {
    const signal = ctx.state.signal;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, TIMEOUT_MS * 30);
      signal.addEventListener('abort', () => {
        abortedBySignal = true;
        clearTimeout(timer);
        resolve();
      });
    });
    ctx.body = { finished: true };
  },
};

let api: ApiApp;
test.before(async () => {
  api = await startApiApp({ api: { requestTimeoutMs: TIMEOUT_MS }, extraRoutes: [slow] });
});
test.after.always(() => api.close());

test('SEC-RATE-03 a request that outlives the request timeout gets 503 and its work is aborted', async (t) => {
  const started = performance.now();
  const answer = await api.send('/test/slow');
  const elapsed = performance.now() - started;
  t.is(answer.status, 503);
  t.is(answer.json.error_code, 'REQUEST_TIMEOUT');
  t.is(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  t.true(
    elapsed < TIMEOUT_MS * 15,
    `answered in ${elapsed.toFixed(0)} ms, not after the handler's ${TIMEOUT_MS * 30} ms`,
  );
  t.true(abortedBySignal, 'ctx.state.signal told the handler to stop');
});

test('SEC-RATE-03 a client that never finishes sending its request is cut off with 408', async (t) => {
  const started = performance.now();
  const answer = await rawExchange(
    api.url,
    'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n',
  );
  const elapsed = performance.now() - started;
  t.true(elapsed < 10_000, `closed after ${elapsed.toFixed(0)} ms`);
  t.is(answer.status, 408);
  t.is(JSON.parse(answer.body).error_code, 'REQUEST_TIMEOUT');
  t.is(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY, 'SEC-WEB-03 headers on 408 too');
  t.is(answer.headers['cache-control'], 'no-store');
});
