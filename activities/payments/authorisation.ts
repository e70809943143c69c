import type Stripe from 'stripe';
import type { PaymentReadback } from './types';

type AuthorisationFacts = Pick<PaymentReadback, 'authorised' | 'authorisedAtMs' | 'captureBeforeMs'>;

/**
 * What a manual-capture PaymentIntent holds on the card: an authorisation counts only for the
 * whole booked amount, not yet captured. `amount_capturable` is Stripe's; localstripe has none,
 * so the uncaptured charge's amount stands in. Stripe names the authorisation's end in the
 * charge's `payment_method_details.card.capture_before` (epoch seconds).
 */
export function authorisationOf(intent: Stripe.PaymentIntent, amountMinor: number): AuthorisationFacts {
  const charge = intent.latest_charge;
  if (!charge || typeof charge === 'string') {
    return { authorised: false, authorisedAtMs: null, captureBeforeMs: null };
  }
  const capturable = typeof intent.amount_capturable === 'number' ? intent.amount_capturable : charge.amount;
  const captureBefore = charge.payment_method_details?.card?.capture_before;
  return {
    authorised:
      intent.status === 'requires_capture' &&
      !charge.captured &&
      charge.amount === amountMinor &&
      capturable === amountMinor,
    authorisedAtMs: charge.created * 1000,
    captureBeforeMs: typeof captureBefore === 'number' ? captureBefore * 1000 : null,
  };
}
