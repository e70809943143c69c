import * as yup from 'yup';

/*
 * Plain text, the one rule for every string the platform takes from outside and may show in a
 * browser or a mail: what travellers write (SEC-WEB-04) and what suppliers answer (SEC-SUP-03).
 * Markup (any tag-like `<` or `>`), control characters and lone surrogates are refused, not
 * stripped: the sender sees at once that the text was not taken. Multi-line text may also hold
 * line feeds and tabs (never a carriage return).
 */
const MARKUP = /[<>]/;
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_FEED_OR_TAB = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** True when `text` holds a C0 control character or DEL (a line feed or tab too, unless allowed). */
export function hasControlCharacter(text: string, allowLineFeedAndTab = false): boolean {
  return (allowLineFeedAndTab ? CONTROL_BUT_LINE_FEED_OR_TAB : CONTROL).test(text);
}

/** True when `text` is plain text: no markup, no control character, no lone surrogate. */
export function isPlainText(text: string, multiline = false): boolean {
  return !MARKUP.test(text) && !LONE_SURROGATE.test(text) && !hasControlCharacter(text, multiline);
}

/**
 * A strict, bounded string that must be plain text (`isPlainText`). Optional as built: add
 * `.required()`, `.matches()` and the like where the field needs them.
 */
export function plainText(max: number, options: { multiline?: boolean } = {}) {
  return yup
    .string()
    .strict()
    .max(max)
    .test(
      'plain-text',
      '${path} must be plain text without markup',
      (v) => v === undefined || isPlainText(v, options.multiline),
    );
}
