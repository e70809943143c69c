import { errors } from '../../../lib/errors';
import type { RefundsDeps } from '../../../services/refunds';
import type { AppMiddleware } from '../../state';

/** What the refund routes are built from: the refund services and SEC-IDEM-01's middleware. */
export interface RefundsApi {
  refunds: RefundsDeps;
  idempotency: AppMiddleware;
}

/** Apps built without refunds (some tests) still list the routes; using one answers 503. */
export function needRefunds(api: RefundsApi | undefined): RefundsApi {
  if (!api) throw errors.unavailable();
  return api;
}
