import type { Histogram } from 'prom-client';
import type { HttpDurationLabels } from '../metrics';
import type { AppMiddleware } from '../state';

/**
 * Observes every request when its response is done, with the status actually sent. Labelled by
 * route template, never the raw path, so cardinality stays bounded.
 */
export function httpMetrics(histogram: Histogram<HttpDurationLabels>): AppMiddleware {
  return function httpMetrics(ctx, next) {
    const stop = histogram.startTimer();
    ctx.res.once('close', () => {
      const route = ctx.state.route;
      stop({
        method: ctx.method,
        route: route ? route.path : 'unmatched',
        status: String(ctx.res.statusCode),
      });
    });
    return next();
  };
}
