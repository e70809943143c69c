import { hkdfSync } from 'node:crypto';
import { secretReader } from '../../lib/config/secrets';

/** The secret file behind CSRF tokens and device fingerprints. */
export const SESSION_SECRET = 'session_secret';

export type SecretPurpose = 'csrf' | 'device';

export class SessionSecretError extends Error {
  override name = 'SessionSecretError';
}

/** One HMAC key per purpose (HKDF-SHA256), so a CSRF token can never double as a fingerprint. */
export function subkey(secret: string, purpose: SecretPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'travelhub-sessions', `travelhub/${purpose}/v1`, 32));
}

export function loadSessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = secretReader(env).read(SESSION_SECRET);
  if (secret === undefined || secret.length < 32) {
    throw new SessionSecretError(
      'no session_secret of at least 32 characters: `bash scripts/stack.sh up` generates one locally',
    );
  }
  return secret;
}
