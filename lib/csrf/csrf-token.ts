import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  acceptedByEither,
  rotatingSecret,
  verificationOrder,
  type RotatingSecret,
} from '../crypto/rotating-secret';

/**
 * SEC-WEB-01 signed double-submit token: `<random>.<HMAC-SHA256(key, binding "." random)>`, both
 * base64url. The binding is the session id (`s:<sid>`) or, before login, the pre-session cookie's
 * random id (`p:<id>`): a token minted for one session is worthless in any other, and one planted
 * by an attacker (cookie tossing) does not verify for the victim's session.
 */
const PART = /^[A-Za-z0-9_-]{43}$/;

export type CsrfBinding = `s:${string}` | `p:${string}`;

export interface CsrfTokens {
  issue(binding: CsrfBinding): string;
  /** Constant-time: the token's MAC is recomputed for `binding` and compared with timingSafeEqual. */
  verify(token: string, binding: CsrfBinding): boolean;
  /** SEC-CFG-02: verifies under the current key alone (a token of the previous key gets replaced). */
  verifyCurrent(token: string, binding: CsrfBinding): boolean;
}

/** SEC-CFG-02: tokens are issued under the current key; during a rotation either key verifies. */
export function csrfTokens(key: Buffer | RotatingSecret<Buffer>): CsrfTokens {
  const keys = rotatingSecret(key);
  if (verificationOrder(keys).some((k) => k.length < 32))
    throw new Error('CSRF key must have at least 256 bits');
  const mac = (k: Buffer, binding: string, random: string) =>
    createHmac('sha256', k).update(`${binding}.${random}`).digest();
  const verifyUnder = (key: Buffer, token: string, binding: CsrfBinding) => {
    const [random, signature, extra] = token.split('.');
    if (extra !== undefined || !random || !signature || !PART.test(random) || !PART.test(signature)) {
      return false;
    }
    // Compared as text: decoding would accept the other spellings base64url allows (unused low
    // bits in the last character) of the same MAC.
    return sameToken(signature, mac(key, binding, random).toString('base64url'));
  };
  return {
    issue(binding) {
      const random = randomBytes(32).toString('base64url');
      return `${random}.${mac(keys.current, binding, random).toString('base64url')}`;
    },
    verify: (token, binding) => acceptedByEither(keys, (k) => verifyUnder(k, token, binding)),
    verifyCurrent: (token, binding) => verifyUnder(keys.current, token, binding),
  };
}

/** The double-submit comparison (header against cookie), without leaking where they differ. */
export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
