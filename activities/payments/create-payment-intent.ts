import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { PaymentModels } from '../../db/models/payment-models';
import { assertMay } from './payment-access';
import {
  assertAmount,
  assertCurrency,
  assertPaymentMethodId,
  assertUuid,
  invalidInput,
} from './payment-input';
import { activeBlock } from './payment-blocks';
import { claimPayment, findPayment } from './payment-rows';
import { sendCreate } from './send-create';
import { stripeFailure } from './stripe-failures';
import type { CreatePaymentIntentInput, PaymentAttempt } from './types';

export interface PaymentActivityDeps {
  stripe: Stripe;
  models: PaymentModels;
}

/** SEC-PAY-01: brand and last4 are all the platform keeps of the card. */
async function rememberCard(stripe: Stripe, row: Awaited<ReturnType<typeof claimPayment>>): Promise<void> {
  if (row.card_last4) return;
  let method: Stripe.PaymentMethod;
  try {
    method = await stripe.paymentMethods.retrieve(row.stripe_payment_method_id);
  } catch (err) {
    throw stripeFailure(err, 'read PaymentMethod');
  }
  if (method.type !== 'card' || !method.card) throw invalidInput('the PaymentMethod is not a card');
  row.set({ card_brand: method.card.brand, card_last4: method.card.last4 });
  await row.save();
}

/**
 * SEC-PAY-06: a user whose payments are blocked (repeated declines) starts no new payment, even
 * for a booking the API accepted just before the block. A retry of a payment already started
 * goes on: it is the same attempt, and Stripe would answer it from the idempotency key anyway.
 */
async function assertNotBlocked(models: PaymentModels, input: CreatePaymentIntentInput): Promise<void> {
  if (await findPayment(models, input.bookingId)) return;
  if (await activeBlock(models, input.actor.id, new Date())) {
    throw ApplicationFailure.nonRetryable("the user's payments are blocked", 'PaymentsBlocked');
  }
}

/**
 * `createPaymentIntent` (payments queue): charges the booking once, however often it runs
 * (SEC-PAY-02). The actor must be allowed to book and not be blocked (SEC-PAY-06); the row, the
 * card's brand and last4 and the Stripe call are each safe to repeat.
 */
export function createCreatePaymentIntent({ stripe, models }: PaymentActivityDeps) {
  return async function createPaymentIntent(input: CreatePaymentIntentInput): Promise<PaymentAttempt> {
    assertMay(input.actor, ['book']);
    assertUuid(input.bookingId, 'bookingId');
    assertAmount(input.amountMinor);
    assertCurrency(input.currency);
    assertPaymentMethodId(input.paymentMethodId);
    await assertNotBlocked(models, input);
    const row = await claimPayment(models, input.actor, input);
    await rememberCard(stripe, row);
    return sendCreate(stripe, row);
  };
}
