import type { CheckedCard } from './card-rules';

/**
 * The card frame's calls to the payment provider (localstripe here), as Stripe.js makes them to
 * api.stripe.com from Stripe's own origin. localstripe takes only a secret key on
 * /v1/payment_methods, so the service holds a key of its own (never the shop's); 3-D Secure is
 * completed with the publishable key, as Stripe.js does.
 */
export interface ProviderOptions {
  url: string;
  /** sk_… accepted by localstripe for PaymentMethod creation; the card frame's own. */
  secretKey: string;
  publishableKey: string;
}

export type ProviderAnswer<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

export interface PaymentMethod {
  id: string;
  card: { brand: string; last4: string };
}

const TIMEOUT_MS = 10_000;

async function post(options: ProviderOptions, path: string, fields: Record<string, string>, auth: boolean) {
  const res = await fetch(`${options.url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(auth && { Authorization: `Bearer ${options.secretKey}` }),
    },
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, body };
}

/**
 * A card error's own words (402: declined, expired, …), else a plain line (localstripe answers a
 * bare "Bad request", e.g. to a 15-digit card); never words holding a run of digits, in case a
 * provider ever repeated the card number.
 */
function refusal(
  status: number,
  body: Record<string, unknown>,
): { ok: false; status: number; message: string } {
  const error = body.error as { message?: unknown } | undefined;
  const words = typeof error?.message === 'string' ? error.message.slice(0, 200) : '';
  const message =
    status === 402 && words && !/\d[\d -]{6,}\d/.test(words)
      ? words
      : 'The payment provider could not use this card: check the details or try another card.';
  return { ok: false, status, message };
}

export async function createPaymentMethod(
  options: ProviderOptions,
  card: CheckedCard,
): Promise<ProviderAnswer<PaymentMethod>> {
  const { status, body } = await post(
    options,
    '/v1/payment_methods',
    {
      type: 'card',
      'card[number]': card.number,
      'card[exp_month]': String(card.expMonth),
      'card[exp_year]': String(card.expYear),
      'card[cvc]': card.cvc,
    },
    true,
  );
  if (status !== 200) return refusal(status, body);
  const pmCard = body.card as { brand?: unknown; last4?: unknown } | undefined;
  if (typeof body.id !== 'string' || !body.id.startsWith('pm_')) {
    return { ok: false, status: 502, message: 'The payment provider gave no PaymentMethod.' };
  }
  return {
    ok: true,
    value: {
      id: body.id,
      card: { brand: String(pmCard?.brand ?? 'unknown'), last4: String(pmCard?.last4 ?? '') },
    },
  };
}

/** `pi_…_secret_…` → the PaymentIntent's id, or null when it is no client secret. */
export function intentOfClientSecret(clientSecret: string): string | null {
  const match = /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret);
  return match ? match[1]! : null;
}

/** The customer's answer to the 3-D Secure challenge, at the provider. */
export async function authenticate(
  options: ProviderOptions,
  clientSecret: string,
  success: boolean,
): Promise<ProviderAnswer<{ status: string }>> {
  const intent = intentOfClientSecret(clientSecret);
  if (!intent) return { ok: false, status: 400, message: 'That is not a payment’s client secret.' };
  const { status, body } = await post(
    options,
    `/v1/payment_intents/${intent}/_authenticate`,
    { key: options.publishableKey, client_secret: clientSecret, success: String(success) },
    false,
  );
  if (status !== 200) return refusal(status, body);
  return { ok: true, value: { status: String(body.status) } };
}
