import { localstripeObject, localstripeUrl } from '../../payments/helpers/stripe-stack';
import { loadConfig } from '../../../lib/config';

/**
 * A PaymentIntent confirmed at localstripe with `paymentMethodId`, as the platform's payment
 * activity makes it (manual capture): for a 3-D Secure card it waits for the customer.
 */
export async function confirmedIntent(
  paymentMethodId: string,
): Promise<{ id: string; status: string; clientSecret: string }> {
  const res = await fetch(`${localstripeUrl()}/v1/payment_intents`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${loadConfig().stripe.secretKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      amount: '12345',
      currency: 'eur',
      payment_method: paymentMethodId,
      confirm: 'true',
      capture_method: 'manual',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { id: string; status: string; client_secret: string };
  if (res.status !== 200) throw new Error(`localstripe refused the PaymentIntent: ${res.status}`);
  return { id: body.id, status: body.status, clientSecret: body.client_secret };
}

export async function intentStatus(id: string): Promise<string> {
  return (await localstripeObject<{ status: string }>(`/v1/payment_intents/${id}`)).status;
}
