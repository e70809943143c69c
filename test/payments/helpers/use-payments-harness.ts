import { useHarness } from '../../helpers/use-harness';
import { paymentsHarness, type PaymentsHarness } from './payments-db';

/**
 * Registers the file's hooks: before its tests a payments harness starts and `ready` is handed
 * it; after them it closes.
 */
export function usePaymentsHarness(ready: (h: PaymentsHarness) => void): void {
  useHarness(paymentsHarness, ready);
}
