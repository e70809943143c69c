import * as yup from 'yup';

/** Query values are strings (no silent coercion, SEC-VAL-01); each field says its shape. */
export const pattern = (re: RegExp, message: string) => yup.string().strict().matches(re, message);

export const date = pattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD');
export const wholeNumber = pattern(/^[0-9]{1,9}$/, 'must be a whole number');
export const decimal = pattern(/^-?[0-9]{1,3}(\.[0-9]{1,7})?$/, 'must be a decimal number');
export const iata = pattern(/^[A-Z]{3}$/, 'must be an IATA airport code (3 capitals)');
export const cursor = pattern(/^[A-Za-z0-9_-]{1,1024}$/, 'must be a next_cursor of a previous page');

/** A whole number in [min, max], as a query string; undefined stays undefined. */
export function inRange(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${name} must be ${min} to ${max}`);
  }
  return n;
}
