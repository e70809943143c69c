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
  summary: 'test only: works until it is told to stop',
  permission: 'public',
  async handler(ctx) {
    // Never finishes on its own: only the request timeout can answer this request, so an answer
    // at all (within ava's timeout) shows the timeout works, with no clock in the test.
    await new Promise<void>((resolve) => {
      ctx.state.signal.addEventListener('abort', () => {
        abortedBySignal = true;
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
  const answer = await api.send('/test/slow');
  t.is(answer.status, 503);
  t.is(answer.json.error_code, 'REQUEST_TIMEOUT');
  t.is(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  // Issue 20.2: every 503 says when to come back.
  t.is(answer.headers['retry-after'], String(api.config.dependencies.retryAfterSeconds));
  t.true(abortedBySignal, 'ctx.state.signal told the handler to stop');
});

test('SEC-RATE-03 a client that never finishes sending its request is cut off with 408', async (t) => {
  // The headers never end: without the server's own timeout this exchange would never finish,
  // so the 408 itself is the proof, with no clock in the test.
  const answer = await rawExchange(
    api.url,
    'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n',
  );
  t.is(answer.status, 408);
  t.is(JSON.parse(answer.body).error_code, 'REQUEST_TIMEOUT');
  t.is(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY, 'SEC-WEB-03 headers on 408 too');
  t.is(answer.headers['cache-control'], 'no-store');
});
