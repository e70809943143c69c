import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  aliasName,
  bumpIndexVersion,
  carryHotelRatings,
  createConcreteIndex,
  flightDocument,
  hotelDocument,
  indexExists,
  swapAlias,
  type InventoryKind,
} from '../../services/search';
import type { FeedPage, FlightInventory, HotelInventory } from '../suppliers';
import type { SearchIndexDeps } from './deps';

export type InventorySupplier = 'hotel' | 'flight';

export interface SupplierSyncResult {
  supplier: InventorySupplier;
  index: string;
  indexed: number;
  /** Feed items that failed validation: dropped, never indexed (SEC-SUP-03). */
  rejected: number;
  pages: number;
}

/** The heartbeat: where a retry after a worker kill picks up. */
interface Progress {
  index: string;
  cursor: string | null;
  indexed: number;
  rejected: number;
  pages: number;
}

const KIND: Record<InventorySupplier, InventoryKind> = { hotel: 'hotels', flight: 'flights' };

/** One feed page as bulk `index` operations: the document id is the supplier's item id. */
function bulkBody(
  index: string,
  supplier: InventorySupplier,
  page: FeedPage<HotelInventory | FlightInventory>,
) {
  return page.items.flatMap((item) => [
    { index: { _index: index, _id: item.id } },
    supplier === 'hotel'
      ? hotelDocument(item as HotelInventory, page.availabilityStart)
      : flightDocument(item as FlightInventory),
  ]);
}

const MERGE_TIMEOUT_MS = 4 * 60_000;

async function setRefreshInterval(deps: SearchIndexDeps, index: string, interval: string | null) {
  await deps.opensearch.indices.putSettings({
    index,
    body: { index: { refresh_interval: interval } } as never,
  });
}

/**
 * A full build is read-mostly until the next one: merged into one segment before it is served,
 * so every search pays the per-segment cost of its nested query, sort and facets once (OpenSearch
 * CPU per uncached search about -25%, bench/RESULTS.md). Then the default refresh interval again,
 * which availability updates (`refresh: wait_for`) rely on, and a refresh so the merged segment
 * is the one searched. Heartbeats go on while OpenSearch merges.
 */
async function mergeForReading(deps: SearchIndexDeps, progress: Progress) {
  const beat = setInterval(() => heartbeat(progress), 10_000);
  try {
    await deps.opensearch.indices.forcemerge(
      { index: progress.index, max_num_segments: 1 },
      { requestTimeout: MERGE_TIMEOUT_MS },
    );
  } finally {
    clearInterval(beat);
  }
  await setRefreshInterval(deps, progress.index, null);
  await deps.opensearch.indices.refresh({ index: progress.index });
}

/**
 * `syncSupplierInventory`: a full reindex of one supplier's feed into a new index, page by page
 * (fetch → validate, in the adapter → bulk index), heartbeating the cursor after each page so a
 * retry after a worker kill resumes where the last page ended. Only a complete feed swaps the
 * alias; a supplier failing part-way leaves the alias, and the last good data, where they were
 * (SEC-SUP-02). Items that fail validation are counted and dropped (SEC-SUP-03).
 */
export function createSyncSupplierActivity(deps: SearchIndexDeps) {
  const pageSize = deps.pageSize ?? 500;
  return {
    async syncSupplierInventory(input: { supplier: InventorySupplier }): Promise<SupplierSyncResult> {
      const { supplier } = input;
      if (supplier !== 'hotel' && supplier !== 'flight')
        throw ApplicationFailure.nonRetryable('unknown supplier', 'InvalidInput');
      const kind = KIND[supplier];
      const alias = aliasName(deps.search.indexPrefix, kind);
      const adapter = deps.adapters[supplier];
      const signal = cancellationSignal();

      const resumed = activityInfo().heartbeatDetails as Progress | undefined;
      const progress: Progress =
        resumed && (await indexExists(deps.opensearch, resumed.index))
          ? resumed
          : {
              index: await createConcreteIndex(deps.opensearch, alias, kind),
              cursor: null,
              indexed: 0,
              rejected: 0,
              pages: 0,
            };
      heartbeat(progress);
      // Nobody reads the index before the swap: no refreshes while it fills (fewer, larger
      // segments, less indexing work); a resumed build sets it again, harmlessly.
      await setRefreshInterval(deps, progress.index, '-1');
      let done = progress.pages > 0 && progress.cursor === null;
      while (!done) {
        signal.throwIfAborted();
        const page = await adapter.feedPage(progress.cursor, pageSize);
        if (page.items.length > 0) {
          const answer = await deps.opensearch.bulk({ body: bulkBody(progress.index, supplier, page) });
          if (answer.body.errors) {
            throw ApplicationFailure.retryable('bulk indexing refused some items', 'SearchIndexFailed');
          }
        }
        progress.indexed += page.items.length;
        progress.rejected += page.rejected;
        progress.pages += 1;
        progress.cursor = page.nextCursor;
        done = page.nextCursor === null;
        heartbeat(progress);
      }
      // Ratings come from reviews, not from the feed: the served index's go into the new one.
      if (kind === 'hotels') await carryHotelRatings(deps.opensearch, alias, progress.index);
      await mergeForReading(deps, progress);
      await swapAlias(deps.opensearch, alias, progress.index);
      await bumpIndexVersion(deps.redis, deps.search.indexPrefix, kind);
      const { index, indexed, rejected, pages } = progress;
      return { supplier, index, indexed, rejected, pages };
    },
  };
}
