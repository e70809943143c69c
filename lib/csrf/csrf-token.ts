import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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
}

export function csrfTokens(key: Buffer): CsrfTokens {
  if (key.length < 32) throw new Error('CSRF key must have at least 256 bits');
  const mac = (binding: string, random: string) =>
    createHmac('sha256', key).update(`${binding}.${random}`).digest();
  return {
    issue(binding) {
      const random = randomBytes(32).toString('base64url');
      return `${random}.${mac(binding, random).toString('base64url')}`;
    },
    verify(token, binding) {
      const [random, signature, extra] = token.split('.');
      if (extra !== undefined || !random || !signature || !PART.test(random) || !PART.test(signature)) {
        return false;
      }
      // Compared as text: decoding would accept the other spellings base64url allows (unused low
      // bits in the last character) of the same MAC.
      return sameToken(signature, mac(binding, random).toString('base64url'));
    },
  };
}

/** The double-submit comparison (header against cookie), without leaking where they differ. */
export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
