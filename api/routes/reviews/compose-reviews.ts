import type { Client } from '@opensearch-project/opensearch';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import type { AuditWriter } from '../../../lib/audit';
import type { Config } from '../../../lib/config';
import type { ReviewsApi } from './reviews-api';

/**
 * The API process's review services: the app database (its keyring attached by the booking
 * composition: reviewer names are decrypted from the profiles), the audit writer, the hotels'
 * search documents (their ratings, written directly: services/reviews/hotel-rating.ts says why),
 * the platform's named rate limits (reviews: 10 a day per user) and the booking routes' idempotency.
 */
export function composeReviews(
  config: Config,
  clients: { sequelize: Sequelize; opensearch: Client; redis: Redis },
  options: { audit: AuditWriter; rateLimit: ReviewsApi['rateLimit']; idempotency: ReviewsApi['idempotency'] },
): ReviewsApi {
  return {
    reviews: {
      sequelize: clients.sequelize,
      audit: options.audit,
      search: {
        opensearch: clients.opensearch,
        redis: clients.redis,
        indexPrefix: config.search.indexPrefix,
      },
    },
    rateLimit: options.rateLimit,
    idempotency: options.idempotency,
  };
}
