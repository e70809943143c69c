import { Transport } from '@opensearch-project/opensearch';
import type { DependencyBreaker } from './dependency-breaker';

type Request = (this: Transport, ...args: unknown[]) => unknown;

/**
 * An OpenSearch transport whose promise-style requests run through the dependency's breaker: give
 * it to the client as `Transport`, the client's own extension point. Callback-style requests (not
 * used by the platform) go straight on.
 */
export function guardedTransport(breaker: DependencyBreaker): typeof Transport {
  const request = Transport.prototype.request as Request;
  class GuardedTransport extends Transport {}
  (GuardedTransport.prototype as { request: Request }).request = function guardedRequest(...args) {
    if (args.some((arg) => typeof arg === 'function')) return request.apply(this, args);
    return breaker.run(() => request.apply(this, args) as Promise<unknown>);
  };
  return GuardedTransport;
}
