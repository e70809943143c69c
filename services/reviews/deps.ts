import type { Client } from '@opensearch-project/opensearch';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import type { AuditWriter } from '../../lib/audit';

/** Where a request came from (SEC-VAL-09 client IP, the request id), for the audit events. */
export interface ReviewOrigin {
  ip: string;
  requestId?: string;
}

/**
 * What the review services are built from: the app role's database (with the process keyring
 * attached: reviewer names are read from the encrypted profiles), the audit writer, and the hotel
 * search documents that hold each hotel's rating.
 */
export interface ReviewsDeps {
  sequelize: Sequelize;
  audit: AuditWriter;
  search: { opensearch: Client; redis: Redis; indexPrefix: string };
  /** The clock the review rule reads ("has the stay ended"); the wall clock by default. */
  now?: () => Date;
}
