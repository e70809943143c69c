import Stripe from 'stripe';
import type { Config } from '../config';
import { liveSecret } from './live-secret';

function bearerFromFile(file: string, atStart: string) {
  const current = liveSecret(file, atStart);
  return async (request: { headers: Record<string, unknown> }) => {
    request.headers.Authorization = `Bearer ${current()}`;
  };
}

/**
 * The Stripe client the payment activities are given. Network retries are off: Temporal's
 * activity retries (with the same deterministic idempotency keys) are the only retries, so one
 * policy decides how long a payment step keeps trying. `apiUrl` defaults to the configured Stripe
 * (locally the recording proxy); contract tests pass stripe-mock's.
 */
export function createStripeClient(config: Pick<Config, 'stripe'>, apiUrl = config.stripe.apiUrl): Stripe {
  const secretKey = config.stripe.secretKey;
  if (!secretKey) throw new Error('stripe_secret_key is missing (SECRETS_DIR or STRIPE_SECRET_KEY_FILE)');
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  // SEC-CFG-02: with a key file, every request reads it, so a rolled key (Stripe keeps the old
  // one valid for the chosen time) is installed by writing the file, without a restart.
  const keyFile = config.stripe.secretKeyFile;
  return new Stripe(keyFile ? '' : secretKey, {
    ...(keyFile && { authenticator: bearerFromFile(keyFile, secretKey) }),
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
    timeout: config.stripe.timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
  });
}
