import { loadConfig } from '../../../lib/config';
import type { LoggedRequest } from '../../../tools/stripe-proxy/request-log';

/** Stripe's test cards as localstripe plays them. */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000341',
  requiresAction: '4000002500003155',
} as const;

const config = loadConfig();

/** localstripe itself, bypassing the proxy: what Stripe.js in a browser talks to. */
export function localstripeUrl(): string {
  const url = process.env.LOCALSTRIPE_URL;
  if (!url) throw new Error('LOCALSTRIPE_URL is not set: run through scripts/with-env.sh');
  return url;
}

function secretKey(): string {
  if (!config.stripe.secretKey) throw new Error('stripe_secret_key is missing from SECRETS_DIR');
  return config.stripe.secretKey;
}

async function form(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretKey()}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(10_000),
  });
}

/** A PaymentMethod made at localstripe directly, as Stripe.js would: the platform never sees the number. */
export async function createPaymentMethod(number: string): Promise<string> {
  const res = await form(`${localstripeUrl()}/v1/payment_methods`, {
    type: 'card',
    'card[number]': number,
    'card[exp_month]': '12',
    'card[exp_year]': String(new Date().getUTCFullYear() + 3),
    'card[cvc]': '123',
  });
  if (res.status !== 200) throw new Error(`localstripe refused the PaymentMethod: ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

/** The customer completing (or failing) 3-D Secure in the browser. */
export async function authenticate(intentId: string, clientSecret: string, success: boolean): Promise<void> {
  const res = await form(`${localstripeUrl()}/v1/payment_intents/${intentId}/_authenticate`, {
    client_secret: clientSecret,
    success: String(success),
  });
  if (res.status !== 200) throw new Error(`localstripe refused authentication: ${res.status}`);
}

/** What the stack's recording proxy logged (tools/stripe-proxy). */
export async function proxyRequests(filter: Record<string, string>, proxyUrl = config.stripe.apiUrl) {
  const res = await fetch(`${proxyUrl}/_proxy/requests?${new URLSearchParams(filter)}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`proxy query failed: ${res.status}`);
  return ((await res.json()) as { requests: LoggedRequest[] }).requests;
}

/** Reads a Stripe object at localstripe directly. */
export async function localstripeObject<T>(path: string): Promise<T> {
  const res = await fetch(`${localstripeUrl()}${path}`, {
    headers: { Authorization: `Bearer ${secretKey()}` },
    signal: AbortSignal.timeout(10_000),
  });
  return (await res.json()) as T;
}

/** Captures a PaymentIntent at localstripe directly, behind the platform's back (for `amountMinor`). */
export async function captureAtLocalstripe(intentId: string, amountMinor: number): Promise<void> {
  const res = await form(`${localstripeUrl()}/v1/payment_intents/${intentId}/capture`, {
    amount_to_capture: String(amountMinor),
  });
  if (res.status !== 200) throw new Error(`capture at localstripe failed: ${res.status}`);
}
