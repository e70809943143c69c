import type { StoredAnswer } from './idempotency-store';

/** An answer in Stripe's error format, so the Stripe client raises the error Stripe would. */
export function stripeError(status: number, type: string, message: string, code?: string): StoredAnswer {
  const error = code ? { type, code, message } : { type, message };
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ error })),
  };
}

export const proxyErrors = {
  mismatch: (key: string) =>
    stripeError(
      400,
      'idempotency_error',
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    ),
  inFlight: () =>
    stripeError(
      409,
      'idempotency_error',
      'There is currently another in-progress request using this Idempotent Key. Try the request again later.',
      'idempotency_key_in_use',
    ),
  keyTooLong: () =>
    stripeError(400, 'invalid_request_error', 'Idempotency keys are at most 255 characters long.'),
  bodyTooLarge: () => stripeError(413, 'invalid_request_error', 'The request body is too large.'),
  upstreamFailed: () =>
    stripeError(502, 'api_error', 'The Stripe stand-in did not answer. The request may be retried.'),
};
