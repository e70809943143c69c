import test from 'ava';
import type { RouteDeclaration } from '../../api/routing/route';
import type { LogRecord } from '../helpers/log-capture';
import { startApiApp, type ApiApp } from '../helpers/api-app';

const testRoutes: RouteDeclaration[] = [
  {
    method: 'GET',
    path: '/test/booking-status',
    summary: 'test only: acts for a user and names a workflow',
    permission: 'public',
    handler(ctx) {
      ctx.state.actor = { id: 'user-42', role: 'USER' };
      ctx.state.workflowId = 'booking-user-42-abc';
      ctx.body = { ok: true };
    },
  },
];

let api: ApiApp;
test.before(async () => {
  api = await startApiApp({ extraRoutes: testRoutes });
});
test.after.always(() => api.close());

async function requestLine(requestId: unknown): Promise<LogRecord | undefined> {
  await new Promise((resolve) => setImmediate(resolve));
  return api.logs.records.find((r) => r.msg === 'request' && r.request_id === requestId);
}

test('SEC-LOG-01 the request log line carries every field, with the workflow id where there is one', async (t) => {
  const answer = await api.send({
    path: '/test/booking-status',
    headers: { 'User-Agent': 'TravelHubApp/3.1 (iOS)', 'X-Request-Id': 'chosen-by-the-client' },
  });
  t.is(answer.status, 200);
  const requestId = answer.headers['x-request-id'];
  t.not(requestId, 'chosen-by-the-client', 'the server names its own requests');
  const line = await requestLine(requestId);
  t.like(line, {
    request_id: requestId,
    user_id: 'user-42',
    ip: '127.0.0.1',
    user_agent: 'TravelHubApp/3.1 (iOS)',
    action: 'GET /test/booking-status',
    result: 'success',
    error_code: null,
    workflow_id: 'booking-user-42-abc',
    status: 200,
    method: 'GET',
    path: '/test/booking-status',
  });
  t.is(typeof line?.duration_ms, 'number');
});

test('SEC-LOG-01 a refused request logs its error code and result; the query string is never logged', async (t) => {
  const answer = await api.send('/healthz?token=super-secret-value');
  t.is(answer.status, 400);
  const line = await requestLine(answer.headers['x-request-id']);
  t.like(line, {
    action: 'GET /healthz',
    result: 'rejected',
    error_code: 'UNKNOWN_FIELDS',
    error_id: answer.json.error_id,
    user_id: null,
    workflow_id: null,
    path: '/healthz',
  });
  t.false(api.logs.text().includes('super-secret-value'));
});

test('SEC-LOG-01 unmatched routes are logged as such', async (t) => {
  const answer = await api.send('/nowhere');
  const line = await requestLine(answer.headers['x-request-id']);
  t.like(line, { action: 'unmatched', result: 'rejected', error_code: 'NOT_FOUND', status: 404 });
});
