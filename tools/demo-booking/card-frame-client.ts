/**
 * The PaymentMethod made as the browser's card frame makes it: at the card frame's own endpoint,
 * with the card frame's origin (the frame page's script is the only caller it accepts). The API
 * then sees only the pm_ id.
 */
export async function paymentMethodAtCardFrame(
  cardFrameOrigin: string,
  card: { number: string; expiry: string; cvc: string },
): Promise<{ id: string; brand: string; last4: string }> {
  const res = await fetch(`${cardFrameOrigin}/v1/payment_methods`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: cardFrameOrigin },
    body: JSON.stringify(card),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json().catch(() => ({}))) as {
    id?: string;
    card?: { brand: string; last4: string };
    message?: string;
  };
  if (res.status !== 200 || !body.id || !body.card) {
    throw new Error(`the card frame refused the card: ${res.status} ${body.message ?? ''}`);
  }
  return { id: body.id, ...body.card };
}

/** Stripe's always-succeeding test card, with an expiry two years ahead. */
export function demoCard() {
  const year = String(new Date().getUTCFullYear() + 2).slice(2);
  return { number: '4242 4242 4242 4242', expiry: `12/${year}`, cvc: '123' };
}
