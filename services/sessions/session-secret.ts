import { hkdfSync } from 'node:crypto';
import { previousSecretName, secretReader } from '../../lib/config/secrets';
import type { RotatingSecret } from '../../lib/crypto/rotating-secret';

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

const MIN_SECRET_LENGTH = 32;

/**
 * `session_secret`, and during its rotation `session_secret_previous` (SEC-CFG-02): CSRF tokens
 * and device fingerprints are made under the current one and recognised under either.
 */
export function loadSessionSecrets(env: NodeJS.ProcessEnv = process.env): RotatingSecret<string> {
  const secrets = secretReader(env).readRotating(SESSION_SECRET);
  if (secrets === undefined || secrets.current.length < MIN_SECRET_LENGTH) {
    throw new SessionSecretError(
      'no session_secret of at least 32 characters: `bash scripts/stack.sh up` generates one locally',
    );
  }
  if (secrets.previous !== undefined && secrets.previous.length < MIN_SECRET_LENGTH) {
    throw new SessionSecretError(`${previousSecretName(SESSION_SECRET)} must have at least 32 characters`);
  }
  return secrets;
}

/** The current session secret only: for tools that make fingerprints, never verify them. */
export function loadSessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  return loadSessionSecrets(env).current;
}
