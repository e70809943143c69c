import { escapeControlChars } from './control-chars';
import { maskSensitivePairs } from './text-pairs';
import { maskShapes } from './text-shapes';

/**
 * Longer strings are not scanned at all but replaced by their length: masking must see a whole
 * string (a card number cut in half no longer looks like one), and scanning must stay cheap.
 */
export const UNSCANNED_STRING_LENGTH = 262_144;

/** A string as it may appear in a log record: masked, then control characters escaped, then cut. */
export function maskString(text: string, maxLength: number): string {
  if (text.length > UNSCANNED_STRING_LENGTH) return `[string of ${text.length} characters omitted]`;
  const safe = escapeControlChars(maskShapes(maskSensitivePairs(text)));
  if (safe.length <= maxLength) return safe;
  return `${safe.slice(0, maxLength)}…[${safe.length - maxLength} more characters]`;
}
