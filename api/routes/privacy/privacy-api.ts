import { errors } from '../../../lib/errors';
import type { PrivacyExportDeps } from '../../../services/privacy';
import type { createRateLimit } from '../../middleware/rate-limit';

/**
 * What the privacy routes are built from: the export service and the named rate limits. The
 * erasure routes add their own service here.
 */
export interface PrivacyApi {
  export: PrivacyExportDeps;
  rateLimit: ReturnType<typeof createRateLimit>;
}

/** Apps built without privacy services (some tests) still list the routes; using one answers 503. */
export function needPrivacy(api: PrivacyApi | undefined): PrivacyApi {
  if (!api) throw errors.unavailable();
  return api;
}
