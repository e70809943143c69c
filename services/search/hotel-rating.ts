import type { Client } from '@opensearch-project/opensearch';
import type { Redis } from 'ioredis';
import { decodeUnits, roomWithOpenNights, type HotelDocument, type RatingDocument } from './documents';
import { aliasName, concretePattern } from './index-names';
import { indicesBehind } from './indices';
import { RATING_MAPPING } from './mappings';
import { bumpIndexVersion } from './version';

const MAX_CONFLICT_RETRIES = 5;
type Body = Record<string, never>;

export interface HotelRatingResult {
  /** Concrete indices whose document of the hotel now holds the rating. */
  written: number;
}

/**
 * The document with `rating` set (or removed at zero reviews). The stored source has no
 * `rooms.open_<n>` lists (mappings.ts excludes them), so a plain `_update` would drop them from
 * the index and the hotel would vanish from availability search: they are rebuilt from `units`.
 */
function withRating(doc: HotelDocument, rating: RatingDocument): HotelDocument {
  const { rating: _previous, ...rest } = doc;
  return {
    ...rest,
    rooms: doc.rooms.map((room) => {
      const units = decodeUnits(room.units);
      const next = roomWithOpenNights(
        { type: room.type, capacity: room.capacity, nightly_minor: room.nightly_minor, units },
        doc.availability_start,
      );
      // An index built before units were a string keeps its integer mapping until the next sync.
      return Array.isArray(room.units) ? { ...next, units } : next;
    }),
    ...(rating.count > 0 && { rating }),
  };
}

const isStrictMappingRefusal = (err: unknown) =>
  /strict_dynamic_mapping_exception/.test(JSON.stringify((err as { body?: unknown }).body ?? ''));

/**
 * One concrete index: read, write back with optimistic concurrency, retried on a conflict.
 * `refresh`: searchable at once (an explicit refresh: an index being built has refreshes off, so
 * waiting for one could take as long as the build), or at the next refresh (a build's own).
 */
async function writeOne(
  client: Client,
  index: string,
  id: string,
  rating: RatingDocument,
  refresh = true,
): Promise<boolean> {
  let mappingAdded = false;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const current = await client.get({ index, id }, { ignore: [404] });
    if (!current.body.found) return false;
    try {
      const written = await client.index(
        {
          index,
          id,
          body: withRating(current.body._source as HotelDocument, rating) as unknown as Body,
          if_seq_no: current.body._seq_no,
          if_primary_term: current.body._primary_term,
          refresh,
        },
        { ignore: [409] },
      );
      if (written.statusCode !== 409) return true;
    } catch (err) {
      // An index built before ratings existed has no `rating` field, and its mapping is strict:
      // the field is added to it once (adding a field is allowed on a live index).
      if (mappingAdded || !isStrictMappingRefusal(err)) throw err;
      await client.indices.putMapping({ index, body: { properties: { rating: RATING_MAPPING } } as never });
      mappingAdded = true;
    }
  }
  throw new Error(`hotel ${id} kept changing under the rating update`);
}

/**
 * Writes a hotel's rating into its search document: that one document, in every concrete index
 * of the hotels alias (the served one and a full reindex still being built, so a sync running now
 * does not lose it), then bumps the index version so no cached answer shows the old rating.
 * The values are absolute (computed from the database by the caller), so a repeat is harmless.
 */
export async function writeHotelRating(
  deps: { opensearch: Client; redis: Redis; indexPrefix: string },
  hotelId: string,
  rating: RatingDocument,
): Promise<HotelRatingResult> {
  const alias = aliasName(deps.indexPrefix, 'hotels');
  const indices = await deps.opensearch.indices.get(
    { index: concretePattern(alias), expand_wildcards: 'open' },
    { ignore: [404] },
  );
  let written = 0;
  if (indices.statusCode === 404) return { written }; // no index yet: nothing to rate
  for (const index of Object.keys((indices.body ?? {}) as Record<string, unknown>)) {
    if (await writeOne(deps.opensearch, index, hotelId, rating)) written += 1;
  }
  if (written > 0) await bumpIndexVersion(deps.redis, deps.indexPrefix, 'hotels');
  return { written };
}

const CARRY_PAGE = 500;

/**
 * A full reindex (the inventory sync) builds each hotel's document from the supplier's feed, which
 * knows nothing of reviews: before the new index is served, every rating of the served one is
 * carried into it (one document at a time, the open-night lists rebuilt as above). A moderation
 * during the build writes into both indices (writeHotelRating), so nothing is lost either way.
 * Returns how many ratings were carried.
 */
export async function carryHotelRatings(client: Client, alias: string, into: string): Promise<number> {
  let carried = 0;
  for (const served of (await indicesBehind(client, alias)).filter((index) => index !== into)) {
    let after: unknown[] | undefined;
    for (;;) {
      const page = await client.search({
        index: served,
        body: {
          size: CARRY_PAGE,
          query: { exists: { field: 'rating.count' } },
          sort: [{ id: 'asc' }],
          _source: ['rating'],
          ...(after && { search_after: after }),
        } as never,
      });
      const hits = page.body.hits.hits as {
        _id: string;
        _source: { rating: RatingDocument };
        sort: unknown[];
      }[];
      for (const hit of hits) {
        if (await writeOne(client, into, hit._id, hit._source.rating, false)) carried += 1;
      }
      if (hits.length < CARRY_PAGE) break;
      after = hits[hits.length - 1]!.sort;
    }
  }
  return carried;
}
