import type { IncomingMessage } from 'node:http';
import { checkCard } from './card-rules';
import { BodyError, readJsonObject } from './json-body';
import { authenticate, createPaymentMethod, type ProviderOptions } from './provider';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

const error = (
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): JsonAnswer => ({
  status,
  body: { error_code: code, message, ...(details && { details }) },
});

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * `POST /v1/payment_methods` `{ number, expiry: 'MM/YY', cvc }` from the frame's own script:
 * checked by the frame's rules again, then created at the provider. Only the id, brand and
 * last4 come back.
 */
export async function paymentMethodRoute(
  req: IncomingMessage,
  provider: ProviderOptions,
): Promise<JsonAnswer> {
  const body = await readJsonObject(req);
  const unknown = Object.keys(body).filter((k) => !['number', 'expiry', 'cvc'].includes(k));
  if (unknown.length > 0)
    return error(400, 'UNKNOWN_FIELDS', `Unknown fields: ${unknown.join(', ')}`, { fields: unknown });
  const checked = checkCard(
    { number: text(body.number), expiry: text(body.expiry), cvc: text(body.cvc) },
    new Date(),
  );
  if (!checked.ok) return error(400, 'VALIDATION_FAILED', 'Check the card details', checked.errors);
  const answer = await createPaymentMethod(provider, checked.card);
  if (!answer.ok) {
    return answer.status < 500
      ? error(402, 'CARD_REFUSED', answer.message)
      : error(502, 'PROVIDER_UNAVAILABLE', 'The payment provider did not answer; try again.');
  }
  return { status: 200, body: answer.value };
}

/** `POST /v1/3ds/authenticate` `{ clientSecret, success }`: the customer's answer to the challenge. */
export async function authenticateRoute(
  req: IncomingMessage,
  provider: ProviderOptions,
): Promise<JsonAnswer> {
  const body = await readJsonObject(req);
  if (
    typeof body.clientSecret !== 'string' ||
    typeof body.success !== 'boolean' ||
    Object.keys(body).length !== 2
  ) {
    return error(400, 'VALIDATION_FAILED', 'Send { clientSecret: string, success: boolean }');
  }
  const answer = await authenticate(provider, body.clientSecret, body.success);
  if (!answer.ok) {
    return answer.status < 500
      ? error(400, 'AUTHENTICATION_REFUSED', 'This payment is not waiting for authentication.')
      : error(502, 'PROVIDER_UNAVAILABLE', 'The payment provider did not answer; try again.');
  }
  return {
    status: 200,
    body: {
      succeeded: body.success && answer.value.status !== 'requires_payment_method',
      status: answer.value.status,
    },
  };
}

export function bodyErrorAnswer(err: unknown): JsonAnswer | null {
  return err instanceof BodyError ? error(err.status, err.code, err.message) : null;
}
