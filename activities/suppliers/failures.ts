import { ApplicationFailure } from '@temporalio/common';
import type { SupplierName } from './types';

/**
 * What a supplier call can end in, as Temporal failures. Retryable ones (the supplier is down,
 * slow, or its breaker is open) are left to the activity retry policy (SEC-SUP-02); a retry
 * cannot fix the others, so they are non-retryable with a type the workflow can branch on.
 */
export const SupplierFailure = {
  unavailable: (supplier: SupplierName, why: string) =>
    ApplicationFailure.retryable(`${supplier} supplier unavailable: ${why}`, 'SupplierUnavailable'),
  timeout: (supplier: SupplierName, ms: number) =>
    ApplicationFailure.retryable(`${supplier} supplier did not answer within ${ms} ms`, 'SupplierTimeout'),
  circuitOpen: (supplier: SupplierName, retryAfterMs: number) =>
    ApplicationFailure.create({
      message: `${supplier} supplier circuit is open`,
      type: 'SupplierCircuitOpen',
      nonRetryable: false,
      nextRetryDelay: retryAfterMs,
    }),
  invalidAnswer: (supplier: SupplierName, why: string) =>
    ApplicationFailure.nonRetryable(`${supplier} supplier answer refused: ${why}`, 'InvalidSupplierAnswer'),
  soldOut: (supplier: SupplierName) => ApplicationFailure.nonRetryable(`${supplier} sold out`, 'SoldOut'),
  holdExpired: (supplier: SupplierName) =>
    ApplicationFailure.nonRetryable(`${supplier} hold expired`, 'HoldExpired'),
  authFailed: (supplier: SupplierName) =>
    ApplicationFailure.nonRetryable(`${supplier} supplier refused our signature`, 'SupplierAuthFailed'),
  refused: (supplier: SupplierName, code: string) =>
    ApplicationFailure.nonRetryable(`${supplier} supplier refused the request: ${code}`, 'SupplierRefused'),
};

/** Failures that say the supplier works but said no: they never count against its breaker. */
export const BUSINESS_REFUSALS = new Set(['SoldOut', 'HoldExpired', 'SupplierRefused']);
