import test from 'ava';
import { startApiApp, type ApiApp } from '../helpers/api-app';

const ALLOWED = 'https://app.travelhub.example';
const OTHER = 'https://evil.example';

let api: ApiApp;
test.before(async () => {
  // '*' and 'null' in the list must never act as wildcards.
  api = await startApiApp({ api: { corsOrigins: [ALLOWED, '*', 'null'] } });
});
test.after.always(() => api.close());

test('SEC-WEB-02 a listed origin gets its own origin back, with credentials', async (t) => {
  const answer = await api.send({ path: '/healthz', headers: { Origin: ALLOWED } });
  t.is(answer.status, 200);
  t.is(answer.headers['access-control-allow-origin'], ALLOWED);
  t.is(answer.headers['access-control-allow-credentials'], 'true');
  t.regex(String(answer.headers.vary), /Origin/i);
});

test('SEC-WEB-02 a listed origin keeps its CORS headers on error answers', async (t) => {
  const answer = await api.send({ path: '/no/such/route', headers: { Origin: ALLOWED } });
  t.is(answer.status, 404);
  t.is(answer.headers['access-control-allow-origin'], ALLOWED);
  t.is(answer.headers['access-control-allow-credentials'], 'true');
});

test('SEC-WEB-02 a preflight from a listed origin is answered; one from another origin is not', async (t) => {
  const preflight = (origin: string) =>
    api.send({
      method: 'OPTIONS',
      path: '/healthz',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' },
    });
  const allowed = await preflight(ALLOWED);
  t.is(allowed.status, 204);
  t.is(allowed.headers['access-control-allow-origin'], ALLOWED);
  t.is(allowed.headers['access-control-allow-credentials'], 'true');
  const other = await preflight(OTHER);
  t.is(other.headers['access-control-allow-origin'], undefined);
  t.is(other.headers['access-control-allow-credentials'], undefined);
  t.is(other.headers['access-control-allow-methods'], undefined);
});

for (const origin of [
  OTHER,
  'null',
  '*',
  `${ALLOWED}.evil.example`,
  ALLOWED.toUpperCase(),
  `${ALLOWED}:443`,
]) {
  test(`SEC-WEB-02 origin ${origin} gets no CORS headers`, async (t) => {
    const answer = await api.send({ path: '/healthz', headers: { Origin: origin } });
    t.is(answer.status, 200);
    t.is(answer.headers['access-control-allow-origin'], undefined);
    t.is(answer.headers['access-control-allow-credentials'], undefined);
  });
}

test('SEC-WEB-02 no answer ever carries a wildcard origin', async (t) => {
  for (const origin of [undefined, ALLOWED, OTHER, '*']) {
    const answer = await api.send({ path: '/healthz', headers: origin ? { Origin: origin } : {} });
    t.not(answer.headers['access-control-allow-origin'], '*');
  }
});
