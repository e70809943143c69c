import { passesLuhn } from './luhn';

export { passesLuhn };

/**
 * Primary account numbers (card numbers): 13 to 19 digits, optionally grouped by single spaces or
 * dashes, that pass the Luhn check. A run glued to letters, digits or `_` is part of some other
 * token (a `pm_…` id, a longer number) and is not a PAN.
 */
const PAN_CANDIDATE = /(?<![\w])\d(?:[ -]?\d){12,18}(?![\w])/g;

function isPan(candidate: string): boolean {
  return passesLuhn(candidate.replace(/[ -]/g, ''));
}

/** Whether the text holds a PAN anywhere, alone or inside other words. */
export function containsPan(text: string): boolean {
  for (const match of text.matchAll(PAN_CANDIDATE)) {
    if (isPan(match[0])) return true;
  }
  return false;
}

/** JSON numbers lose digits past 2^53, so a 17–19 digit integer cannot be Luhn-checked: refuse it. */
export function numberLooksLikePan(value: number): boolean {
  if (!Number.isInteger(value)) return false;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e16 && magnitude < 1e19) return true;
  return magnitude >= 1e12 && passesLuhn(String(magnitude));
}

/** The text with every PAN replaced by `****` and its last four digits, for log lines. */
export function maskPans(text: string): string {
  return text.replace(PAN_CANDIDATE, (candidate) =>
    isPan(candidate) ? `****${candidate.replace(/[ -]/g, '').slice(-4)}` : candidate,
  );
}
