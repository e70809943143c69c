/**
 * Characters that can start a new line or reorder text in some log viewer: C0 and C1 controls,
 * DEL, the Unicode line/paragraph separators, bidirectional overrides and the BOM. JSON escapes
 * only C0, and a viewer that decodes JSON (the bunyan CLI, a log UI) would print them raw, so
 * they are rewritten as the visible text `\uXXXX` before the record is serialized (SEC-LOG-04).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

export function escapeControlChars(text: string): string {
  return text.replace(UNSAFE_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
