import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import type { Metrics } from '../metrics';
import type { OpenApiDocument } from '../openapi/types';
import type { ReadinessChecks } from '../readiness/readiness';
import type { SessionSecurity } from '../security/session-security';
import type { WebhookReceiver } from '../../services/payments';
import type { AccountsApi } from './accounts/accounts-api';
import type { BookingsApi } from './bookings/bookings-api';
import type { PrivacyApi } from './privacy/privacy-api';
import type { RefundsApi } from './refunds/refunds-api';
import type { ReviewsApi } from './reviews/reviews-api';
import type { CodecServiceDeps } from '../../lib/temporal/codec-service';
import type { SearchApi } from './search/search-api';

/** What the areas' route factories are built from; an area that needs a service adds it here. */
export interface RouteDeps {
  config: Config;
  logger: Logger;
  readiness: ReadinessChecks;
  metrics: Metrics;
  /** Sessions, tokens and CSRF (api/security/session-security.ts); absent in apps built without them. */
  sessions?: SessionSecurity;
  /** Account services and rate limits (services/accounts); absent in apps built without them. */
  accounts?: AccountsApi;
  /** Booking services, limits and idempotency (services/bookings); absent in apps built without them. */
  bookings?: BookingsApi;
  /** Refund requests and decisions (services/refunds) with idempotency; absent: the routes answer 503. */
  refunds?: RefundsApi;
  /** Reviews and their moderation (services/reviews); absent: the routes answer 503. */
  reviews?: ReviewsApi;
  /** The user's own data: export, erasure (services/privacy); absent: the routes answer 503. */
  privacy?: PrivacyApi;
  /** The Temporal payload codec and audit for the UI's codec endpoint; absent: the route answers 503. */
  temporalCodec?: CodecServiceDeps;
  /** Webhook receivers by sender; a missing one refuses its events (503). */
  webhooks?: { stripe?: WebhookReceiver };
  /** Hotel and flight search (services/search) and its rate limit; absent in apps built without it (503). */
  search?: SearchApi;
  /** The document generated from every API route (built once, after all areas are listed). */
  openApi: () => OpenApiDocument;
}
