import { errors } from '../../lib/errors';
import { containsCardData } from '../../lib/cards/card-data';
import type { AppMiddleware } from '../state';

/**
 * SEC-VAL-04: card data is never accepted, in the query or the body. Runs before anything that might
 * echo input back (validation messages) and the value is never logged.
 */
export function refuseCardData(): AppMiddleware {
  return function refuseCardData(ctx, next) {
    if (containsCardData(ctx.query) || containsCardData(ctx.request.body)) throw errors.panNotAccepted();
    return next();
  };
}
