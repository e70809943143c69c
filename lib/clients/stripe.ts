import Stripe from 'stripe';
import type { Config } from '../config';

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
  return new Stripe(secretKey, {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
    timeout: config.stripe.timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
  });
}
