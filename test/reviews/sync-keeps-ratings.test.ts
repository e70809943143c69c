import test from 'ava';
import { aliasName, writeHotelRating } from '../../services/search';
import { startSyncedSearchHarness, type SearchHarness } from '../search/helpers/search-harness';

let h: SearchHarness;

test.before(async () => {
  h = await startSyncedSearchHarness({ hotels: 40, flights: 20 });
});

test.after.always(async () => {
  await h?.close();
});

/** Hotels of the served index with an open night (the indexed-only `rooms.open_1` lists), by id. */
async function openHotels(ids: string[]): Promise<number> {
  const answer = await h.deps.opensearch.count({
    index: aliasName(h.prefix, 'hotels'),
    body: {
      query: {
        bool: {
          filter: [
            { ids: { values: ids } },
            { nested: { path: 'rooms', query: { exists: { field: 'rooms.open_1' } } } },
          ],
        },
      },
    } as never,
  });
  return answer.body.count;
}

test('a full reindex (the inventory sync through the real worker) keeps the ratings reviews wrote, and the hotels stay searchable by availability', async (t) => {
  const index = aliasName(h.prefix, 'hotels');
  const some = await h.deps.opensearch.search({ index, body: { size: 2, sort: [{ id: 'asc' }] } as never });
  const [rated, unrated] = (some.body.hits.hits as { _id: string }[]).map((hit) => hit._id) as [
    string,
    string,
  ];
  const before = await openHotels([rated, unrated]);
  t.true(before > 0);
  const deps = { opensearch: h.deps.opensearch, redis: h.deps.redis, indexPrefix: h.prefix };
  t.is((await writeHotelRating(deps, rated, { average: 4.5, count: 3 })).written, 1);
  t.is(await openHotels([rated, unrated]), before, 'a rating write keeps the open-night lists');

  const result = await h.sync({ suppliers: ['hotel'] });
  t.deepEqual(result.failed, []);
  const doc = async (id: string) =>
    (await h.deps.opensearch.get({ index, id })).body._source as { rating?: unknown };
  t.deepEqual((await doc(rated)).rating, { average: 4.5, count: 3 });
  t.is((await doc(unrated)).rating, undefined);
  t.is(await openHotels([rated, unrated]), before);
});
