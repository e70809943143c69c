import { ApplicationFailure } from '@temporalio/common';
import type { SuppliersConfig } from '../../lib/config/schema';
import { createWorkBreaker, type BreakerState } from '../../lib/dependencies/circuit-breaker';
import { BUSINESS_REFUSALS, SupplierFailure } from './failures';
import type { SupplierName } from './types';

export type { BreakerState };

export interface SupplierBreaker {
  /** Runs `work` unless the breaker is open; its failures count towards opening it. */
  run<T>(work: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  shutdown(): void;
}

/**
 * One circuit breaker per supplier (SEC-SUP-02, lib/dependencies/circuit-breaker.ts): after enough
 * failed calls in the rolling window it opens and refuses calls without touching the supplier,
 * then after `resetTimeoutMs` lets one trial call through (half-open) and closes again when it
 * succeeds. A supplier saying no (sold out, hold expired) is an answer, not a failure, and never counts.
 * Timeouts are the HTTP client's (config.supplier.timeoutMs), not opossum's.
 */
export function createSupplierBreaker(
  name: SupplierName,
  options: SuppliersConfig['breaker'],
): SupplierBreaker {
  return createWorkBreaker(`supplier-${name}`, options, {
    isAnswer: (error: unknown) =>
      error instanceof ApplicationFailure && BUSINESS_REFUSALS.has(error.type ?? ''),
    refused: () => SupplierFailure.circuitOpen(name, options.resetTimeoutMs),
  });
}
