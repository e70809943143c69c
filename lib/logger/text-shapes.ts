import { passesLuhn } from '../cards/luhn';
import { SECRET_MASK, maskCardNumber, maskEmailAddress, maskJwt, maskPhone } from './value-masks';

/*
 * Values recognised by their shape wherever they appear in a string (SEC-LOG-02). Every pattern
 * is anchored by a look-behind or a literal prefix and has no nested ambiguous quantifiers, so a
 * hostile string costs time linear in its length.
 */

type Replacer = (match: string, ...groups: (string | undefined)[]) => string;

const PRIVATE_KEY_BLOCK =
  /-----BEGIN[A-Z ]{0,40}PRIVATE KEY-----[A-Za-z0-9+/=\s]*(?:-----END[A-Z ]{0,40}PRIVATE KEY-----)?/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/]*):[^\s@/]+@/gi;
const AUTH_SCHEME = /\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT =
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
const PROVIDER_SECRET =
  /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9+/=]{8,})/g;
const PASSWORD_HASH = /\$argon2(?:id|i|d)\$[A-Za-z0-9+/=$,.-]+|\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}/g;
// A UUID is matched first only so that its all-digit groups are never read as a card number.
const UUID_OR_DIGIT_RUN =
  /(?<![0-9A-Fa-f-])([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})(?![0-9A-Fa-f-])|(?<!\d)\d(?:[\s-]?\d)*/g;
const EMAIL =
  /(?<![\p{L}\p{N}._%+\-!#$&'/=?^`{|}~])([\p{L}\p{N}._%+\-!#$&'/=?^`{|}~]+)@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*)/gu;
const E164_PHONE = /(?<![\w+])\+\d(?:[ .()-]?\d){6,14}(?!\d)/g;

const MIN_PAN_DIGITS = 13;
const MAX_PAN_DIGITS = 19;

/**
 * A run of digit groups (separated by single spaces or dashes) may hold a card number on group
 * boundaries, possibly followed by other numbers (`4111 1111 1111 1111 123`). Every window of
 * whole groups holding 13–19 digits that passes Luhn is replaced by its last four digits.
 */
function maskCardNumbersInRun(run: string): string {
  if (run.replace(/\D/g, '').length < MIN_PAN_DIGITS) return run;
  const groups = run.split(/([\s-])/);
  const digits = groups.filter((_, i) => i % 2 === 0);
  const seps = groups.filter((_, i) => i % 2 === 1);
  const parts: string[] = [];
  let i = 0;
  while (i < digits.length) {
    let best = -1;
    let bestDigits = '';
    let window = '';
    for (let j = i; j < digits.length; j++) {
      window += digits[j] ?? '';
      if (window.length > MAX_PAN_DIGITS) break;
      if (window.length >= MIN_PAN_DIGITS && passesLuhn(window)) {
        best = j;
        bestDigits = window;
      }
    }
    if (best >= 0) {
      parts.push(maskCardNumber(bestDigits));
      i = best + 1;
    } else {
      parts.push(digits[i] ?? '');
      i++;
    }
    if (i < digits.length) parts.push(seps[i - 1] ?? '');
  }
  return parts.join('');
}

const SHAPES: [RegExp, Replacer][] = [
  [PRIVATE_KEY_BLOCK, () => SECRET_MASK],
  [URL_CREDENTIALS, (_m, head) => `${head}:${SECRET_MASK}@`],
  [AUTH_SCHEME, (_m, scheme) => `${scheme} ${SECRET_MASK}`],
  [JWT, (m) => maskJwt(m)],
  [PROVIDER_SECRET, () => SECRET_MASK],
  [PASSWORD_HASH, () => SECRET_MASK],
  [UUID_OR_DIGIT_RUN, (m, uuid) => (uuid ? m : maskCardNumbersInRun(m))],
  [EMAIL, (_m, local, domain) => maskEmailAddress(local ?? '', domain ?? '')],
  [E164_PHONE, (m) => maskPhone(m)],
];

/**
 * Something every shape above needs somewhere in the text (most strings in a record have none, and
 * one test is far cheaper than nine scans): `-----BEGIN`, an `@` (URL credentials, e-mail), the
 * scheme words, `eyJ`, the provider prefixes, a `$`, a `+`, or 13 digits joined by single spaces or
 * dashes (a shorter run is never masked). Case-insensitive, so it finds a superset. Adding a shape
 * means adding what it needs here; test/logger checks every shape's examples pass this test.
 */
const MAY_HOLD_A_SHAPE =
  /-----BEGIN|[@$+]|bearer|basic|digest|eyJ|_(?:live|test)_|whsec_|\d(?:[\s-]?\d){12}/i;

export function mayHoldAShape(text: string): boolean {
  return MAY_HOLD_A_SHAPE.test(text);
}

/** Every shape's scan, with no shortcut: what maskShapes must always equal. */
export function scanShapes(text: string): string {
  let out = text;
  for (const [pattern, replace] of SHAPES) out = out.replace(pattern, replace);
  return out;
}

export function maskShapes(text: string): string {
  return MAY_HOLD_A_SHAPE.test(text) ? scanShapes(text) : text;
}
