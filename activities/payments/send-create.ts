import type Stripe from 'stripe';
import type { Payment, PaymentStatus } from '../../db/models/payment';
import { idempotencyKeys } from './idempotency-keys';
import { failureCodeOf, isStripeError, stripeFailure } from './stripe-failures';
import type { PaymentAttempt } from './types';

/**
 * `payment_method_types: ['card']` keeps Stripe from asking for a return_url that a server-side
 * confirmation has no use for (a 3-D Secure challenge comes back as `requires_action`). Stripe's
 * API description (stripe-mock) and localstripe both take it; the client's types for its pinned
 * API version only list its successor `allowed_payment_method_types`, which localstripe refuses.
 */
type CreateParams = Stripe.PaymentIntentCreateParams & { payment_method_types: string[] };

/**
 * Exactly the same request on every attempt, built from the stored row: Stripe (and the local
 * proxy) compare the parameters of a reused key. Metadata holds the booking id only.
 */
export function paymentIntentParams(
  row: Pick<Payment, 'amount_minor' | 'currency' | 'stripe_payment_method_id' | 'booking_id'>,
): CreateParams {
  return {
    amount: row.amount_minor,
    currency: row.currency.toLowerCase(),
    payment_method: row.stripe_payment_method_id,
    payment_method_types: ['card'],
    confirm: true,
    metadata: { booking_id: row.booking_id },
  };
}

/** A declined card: Stripe names the PaymentIntent in the error, localstripe only the charge. */
async function declinedIntentId(stripe: Stripe, err: Stripe.errors.StripeError): Promise<string | null> {
  if (err.payment_intent?.id) return err.payment_intent.id;
  const chargeId = (err.raw as { charge?: unknown }).charge;
  if (typeof chargeId !== 'string') return null;
  const charge = await stripe.charges.retrieve(chargeId);
  return typeof charge.payment_intent === 'string'
    ? charge.payment_intent
    : (charge.payment_intent?.id ?? null);
}

function attemptOf(row: Payment, intent: Stripe.PaymentIntent): PaymentAttempt {
  const paymentId = row.id;
  if (intent.status === 'succeeded') return { outcome: 'succeeded', paymentId };
  if (intent.status === 'requires_action' && intent.client_secret) {
    return { outcome: 'requires_action', paymentId, clientSecret: intent.client_secret };
  }
  if (intent.status === 'requires_payment_method') {
    return {
      outcome: 'declined',
      paymentId,
      failureCode: intent.last_payment_error?.code ?? 'payment_failed',
    };
  }
  return { outcome: 'processing', paymentId };
}

/**
 * Creates and confirms the booking's PaymentIntent with `booking/<id>/payment` (SEC-PAY-02), then
 * records what Stripe answered on a row still `creating`. A row already past `creating` keeps its
 * status: a replayed first answer must not undo a later one (3-D Secure completed since).
 */
export async function sendCreate(stripe: Stripe, row: Payment): Promise<PaymentAttempt> {
  const fresh = row.status === 'creating';
  const record = async (status: PaymentStatus, intentId: string | null, failureCode: string | null) => {
    if (!fresh) return;
    row.set({ status, failure_code: failureCode });
    if (intentId) row.stripe_payment_intent_id = intentId;
    await row.save();
  };
  try {
    const intent = await stripe.paymentIntents.create(paymentIntentParams(row), {
      idempotencyKey: idempotencyKeys.payment(row.booking_id),
    });
    await record(intent.status as PaymentStatus, intent.id, failureCodeOf(intent.last_payment_error?.code));
    return attemptOf(row, intent);
  } catch (err) {
    if (!isStripeError(err) || err.type !== 'StripeCardError')
      throw stripeFailure(err, 'create PaymentIntent');
    const failureCode = failureCodeOf(err.decline_code, err.code) ?? 'card_declined';
    await record('requires_payment_method', await declinedIntentId(stripe, err), failureCode);
    return { outcome: 'declined', paymentId: row.id, failureCode };
  }
}
