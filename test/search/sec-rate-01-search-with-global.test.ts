import test from 'ava';
import { httpRequest } from '../helpers/http-request';
import { startSearchHarness, type SearchHarness } from './helpers/search-harness';

// An anonymous search counts its own limit in the global limit's Redis call (countedWithGlobal):
// each limit must still count every request exactly once, and a refusal spend neither.
const SEARCH_LIMIT = 3;
const GLOBAL_LIMIT = 5;
let h: SearchHarness;

test.before(async () => {
  h = await startSearchHarness({
    hotels: 20,
    flights: 20,
    searchLimit: SEARCH_LIMIT,
    globalLimit: GLOBAL_LIMIT,
  });
});
test.after.always(async () => {
  await h?.close();
});

const search = () => {
  const d = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return `/api/v1/search/hotels?city=Lisbon&check_in=${d(1)}&check_out=${d(2)}`;
};
const get = (path: string, localAddress: string, headers: Record<string, string> = {}) =>
  httpRequest(h.url, { path, headers, localAddress });

test.serial(
  'SEC-RATE-01 an anonymous search counts the search and the global limit once each, and a refused one spends neither',
  async (t) => {
    const ip = '127.0.0.31';
    for (let i = 0; i < SEARCH_LIMIT; i += 1) t.is((await get(search(), ip)).status, 200, `search ${i + 1}`);
    const over = await get(search(), ip);
    t.is(over.status, 429, 'the search limit still holds');
    t.is(over.headers['ratelimit-limit'], String(SEARCH_LIMIT));
    // The global limit saw the three admitted searches, not the refused one: two more requests pass.
    for (let i = SEARCH_LIMIT; i < GLOBAL_LIMIT; i += 1) t.is((await get('/healthz', ip)).status, 200);
    const globalOver = await get('/healthz', ip);
    t.is(globalOver.status, 429, 'the global limit counted the searches');
    t.is(globalOver.headers['ratelimit-limit'], String(GLOBAL_LIMIT));
  },
);

test.serial(
  'SEC-RATE-01 a search that carries a cookie counts the global limit first and its own in the route, once each',
  async (t) => {
    const ip = '127.0.0.32';
    const withCookie = { Cookie: 'theme=dark' };
    for (let i = 0; i < SEARCH_LIMIT; i += 1) t.is((await get(search(), ip, withCookie)).status, 200);
    t.is((await get(search(), ip, withCookie)).status, 429);
    t.is(
      (await get('/healthz', ip)).status,
      200,
      'the global limit counted the four searches, the refused one too (counted before the route)',
    );
    t.is((await get('/healthz', ip)).status, 429);
  },
);
