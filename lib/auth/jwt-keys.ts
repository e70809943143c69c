import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretReader } from '../config/secrets';

/** The secret holding the access-token signing key: EC P-256 (ES256), PKCS#8 PEM. */
export const JWT_SIGNING_KEY_SECRET = 'jwt_signing_key';
/** Beside it: public keys that still verify after a rotation (SPKI PEM blocks). */
export const JWT_PUBLIC_KEYS_FILE = 'jwt_signing_key.pub';

/** SEC-SESS-02: one algorithm for every key. jsonwebtoken has no EdDSA, so ES256. */
export const JWT_ALGORITHM = 'ES256';

export interface JwtKeySet {
  signing: { kid: string; privateKey: KeyObject };
  /** The only keys a token may name in `kid`: the signing key's public half and retired ones. */
  verify: ReadonlyMap<string, KeyObject>;
}

export class JwtKeyError extends Error {
  override name = 'JwtKeyError';
}

function requireP256(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new JwtKeyError(`${what} must be an EC P-256 key (ES256)`);
  }
  return key;
}

/** First 16 hex digits of SHA-256 over the SPKI DER: the same key always has the same kid. */
export function jwtKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function jwtKeySetFromPem(privatePem: string, publicPems = ''): JwtKeySet {
  const privateKey = requireP256(createPrivateKey(privatePem), JWT_SIGNING_KEY_SECRET);
  const verify = new Map<string, KeyObject>();
  for (const block of publicPems.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
    const key = requireP256(createPublicKey(block), JWT_PUBLIC_KEYS_FILE);
    verify.set(jwtKeyId(key), key);
  }
  const publicKey = createPublicKey(privateKey);
  const kid = jwtKeyId(publicKey);
  verify.set(kid, publicKey);
  return { signing: { kid, privateKey }, verify };
}

function publicKeysPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.JWT_SIGNING_KEY_PUB_FILE) return env.JWT_SIGNING_KEY_PUB_FILE;
  return env.SECRETS_DIR ? join(env.SECRETS_DIR, JWT_PUBLIC_KEYS_FILE) : undefined;
}

/**
 * The key set from `JWT_SIGNING_KEY_FILE` or `$SECRETS_DIR/jwt_signing_key`, plus retired public
 * keys from `JWT_SIGNING_KEY_PUB_FILE` or `$SECRETS_DIR/jwt_signing_key.pub` (rotation: a new
 * signing key goes live, the old public key stays there until its last token expired, 15 min).
 */
export function loadJwtKeySet(env: NodeJS.ProcessEnv = process.env): JwtKeySet {
  const pem = secretReader(env).read(JWT_SIGNING_KEY_SECRET);
  if (pem === undefined) {
    throw new JwtKeyError('no jwt_signing_key secret: `bash scripts/stack.sh up` generates one locally');
  }
  const path = publicKeysPath(env);
  return jwtKeySetFromPem(pem, path && existsSync(path) ? readFileSync(path, 'utf8') : '');
}
