import * as yup from 'yup';

// Markup, control characters and lone surrogates are refused: supplier text reaches browsers.
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[<>\u0000-\u001f\u007f]|[\ud800-\udfff]/u;

/** A required, bounded, plain-text string from a supplier (SEC-SUP-03). */
export function plainText(max: number, pattern?: RegExp) {
  let schema = yup
    .string()
    .strict()
    .required()
    .max(max)
    .test('plain-text', '${path} must be plain text', (v) => v === undefined || !NOT_PLAIN.test(v));
  if (pattern) schema = schema.matches(pattern);
  return schema;
}

/** A non-negative integer within `max`. */
export function count(max: number) {
  return yup.number().strict().required().integer().min(0).max(max);
}

export const minorAmount = () => count(100_000_000_000);
export const currency = () => plainText(3, /^[A-Z]{3}$/);
export const isoDate = () => plainText(10, /^\d{4}-\d{2}-\d{2}$/);
export const isoDateTime = () =>
  plainText(40, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/);
