import type { Client } from '@opensearch-project/opensearch';
import type { Redis } from 'ioredis';
import type { Config } from '../../lib/config';
import type { SupplierAdapters } from '../suppliers';

/** What the search-index activities run on (the maintenance pool builds it from config). */
export interface SearchIndexDeps {
  adapters: SupplierAdapters;
  opensearch: Client;
  /** Index versions (the cache keys' part that a sync or a booking bumps). */
  redis: Redis;
  search: Pick<Config['search'], 'indexPrefix'>;
  /** Feed items per page, each page one bulk request. */
  pageSize?: number;
}
