import * as yup from 'yup';

// SEC-WEB-04: markup (any tag-like `<`/`>`), control characters and lone surrogates are refused,
// not stripped: the traveller sees at once that the text was not taken.
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[<>\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udfff]/u;
const NOT_ONE_LINE = /[\n\r\t]/;

/** Free text stored as plain text: bounded, no markup. */
export function plainText(max: number, multiline = false) {
  return yup
    .string()
    .strict()
    .max(max)
    .test(
      'plain-text',
      '${path} must be plain text without markup',
      (v) => v === undefined || (!NOT_PLAIN.test(v) && (multiline || !NOT_ONE_LINE.test(v))),
    );
}
