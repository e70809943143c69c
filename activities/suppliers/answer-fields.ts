import * as yup from 'yup';
import { MAX_FREE_UNTIL_DAYS } from '../../services/bookings/cancellation-policy';
import { plainText } from '../../lib/text/plain-text';

/**
 * A required, bounded, plain-text string from a supplier (SEC-SUP-03): supplier text reaches
 * browsers, so it is held to the platform's one plain-text rule (lib/text/plain-text.ts).
 */
export function supplierText(max: number, pattern?: RegExp) {
  const schema = plainText(max).required();
  return pattern ? schema.matches(pattern) : schema;
}

/** A non-negative integer within `max`. */
export function count(max: number) {
  return yup.number().strict().required().integer().min(0).max(max);
}

export const minorAmount = () => count(100_000_000_000);
export const currency = () => supplierText(3, /^[A-Z]{3}$/);
export const isoDate = () => supplierText(10, /^\d{4}-\d{2}-\d{2}$/);
export const isoDateTime = () =>
  supplierText(40, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/);

/**
 * A hotel's or fare's cancellation terms as suppliers send them (feed items and holds), held to
 * the bounds of services/bookings/cancellation-policy.ts.
 */
export const cancellationPolicyField = () =>
  yup
    .object({
      free_until_days: count(MAX_FREE_UNTIL_DAYS),
      late_deduction_percent: count(100),
    })
    .strict()
    .required();
