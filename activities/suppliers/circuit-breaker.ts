import { ApplicationFailure } from '@temporalio/common';
import CircuitBreaker from 'opossum';
import type { SuppliersConfig } from '../../lib/config/schema';
import { BUSINESS_REFUSALS, SupplierFailure } from './failures';
import type { SupplierName } from './types';

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export interface SupplierBreaker {
  /** Runs `work` unless the breaker is open; its failures count towards opening it. */
  run<T>(work: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  shutdown(): void;
}

/**
 * One opossum circuit breaker per supplier (SEC-SUP-02): after enough failed calls in the
 * rolling window it opens and refuses calls without touching the supplier, then after
 * `resetTimeoutMs` lets one trial call through (half-open) and closes again when it succeeds.
 * A supplier saying no (sold out, hold expired) is an answer, not a failure, and never counts.
 * Timeouts are the HTTP client's (config.supplier.timeoutMs), not opossum's.
 */
export function createSupplierBreaker(
  name: SupplierName,
  options: SuppliersConfig['breaker'],
): SupplierBreaker {
  const breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
    name: `supplier-${name}`,
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage,
    volumeThreshold: options.volumeThreshold,
    rollingCountTimeout: options.rollingWindowMs,
    rollingCountBuckets: 10,
    resetTimeout: options.resetTimeoutMs,
    errorFilter: (error: unknown) =>
      error instanceof ApplicationFailure && BUSINESS_REFUSALS.has(error.type ?? ''),
  });
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(work)) as T;
      } catch (error) {
        if ((error as { code?: string }).code === 'EOPENBREAKER') {
          throw SupplierFailure.circuitOpen(name, options.resetTimeoutMs);
        }
        throw error;
      }
    },
    state: () => (breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed'),
    shutdown: () => breaker.shutdown(),
  };
}
