import test from 'ava';
import type { AppMiddleware } from '../../api/state';
import { httpRequest } from '../helpers/http-request';
import { startSearchHarness, type SearchHarness } from './helpers/search-harness';

const LIMIT = 3;
let h: SearchHarness;

/** Stands in for authentication (its own tests are elsewhere): `X-Test-User` names the actor. */
const testActor = () =>
  (async (ctx, next) => {
    const user = ctx.get('X-Test-User');
    if (user) ctx.state.actor = { id: user, role: 'USER' };
    await next();
  }) as AppMiddleware;

test.before(async () => {
  h = await startSearchHarness({ hotels: 20, flights: 20, searchLimit: LIMIT, guards: [() => testActor()] });
});
test.after.always(async () => {
  await h?.close();
});

const path = () => {
  const d = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return `/api/v1/search/hotels?city=Lisbon&check_in=${d(1)}&check_out=${d(2)}`;
};
const from = (localAddress: string, headers: Record<string, string> = {}) =>
  httpRequest(h.url, { path: path(), headers, localAddress });

test.serial(
  'SEC-RATE-01 anonymous search is limited per IP: over the limit 429 with Retry-After and RateLimit headers; another IP has its own budget',
  async (t) => {
    for (let i = 0; i < LIMIT; i += 1) t.is((await from('127.0.0.11')).status, 200);
    const over = await from('127.0.0.11');
    t.is(over.status, 429);
    t.is(over.json.error_code, 'RATE_LIMITED');
    t.regex(String(over.headers['retry-after']), /^\d+$/);
    t.is(over.headers['ratelimit-limit'], String(LIMIT));
    t.is(over.headers['ratelimit-remaining'], '0');
    t.is((await from('127.0.0.12')).status, 200);
  },
);

test.serial(
  'SEC-RATE-01 signed-in search is limited per user: two users on one IP count apart, one user over two IPs counts once',
  async (t) => {
    for (let i = 0; i < LIMIT; i += 1)
      t.is((await from(i % 2 ? '127.0.0.21' : '127.0.0.22', { 'X-Test-User': 'user-a' })).status, 200);
    t.is((await from('127.0.0.23', { 'X-Test-User': 'user-a' })).status, 429);
    t.is((await from('127.0.0.21', { 'X-Test-User': 'user-b' })).status, 200);
  },
);
