import { createHash, randomBytes } from 'node:crypto';

/** 256 bits, base64url: what the email link carries. Only its SHA-256 is stored. */
export function newOneTimeToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: oneTimeTokenHash(token) };
}

/** A fast hash suffices: the token is 256-bit random, so nothing can be guessed from its hash. */
export function oneTimeTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function looksLikeOneTimeToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}
