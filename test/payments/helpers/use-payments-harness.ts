import test from 'ava';
import { paymentsHarness, type PaymentsHarness } from './payments-db';

/**
 * Registers the file's hooks: before its tests a payments harness starts and `ready` is handed
 * it; after them it closes.
 */
export function usePaymentsHarness(ready: (h: PaymentsHarness) => void): void {
  let h: PaymentsHarness | undefined;
  test.before(async () => {
    h = await paymentsHarness();
    ready(h);
  });
  test.after.always(() => h?.close());
}
