import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { Payment, PaymentStatus } from '../../db/models/payment';
import type { PaymentModels } from '../../db/models/payment-models';
import { activeBlock } from '../../services/payments/payment-blocks';
import { authorisationOf } from './authorisation';
import type { PaymentActivityDeps } from './payment-activities';
import {
  assertAmount,
  assertCurrency,
  assertMay,
  assertOwnsOrStaff,
  assertPaymentMethodId,
  assertUuid,
  claimPayment,
  findPayment,
  invalidInput,
  paymentNotFound,
} from './payment-rows';
import { failureCodeOf, idempotencyKeys, isStripeError, stripeFailure } from './stripe-requests';
import type {
  BookingPaymentInput,
  CancelOutcome,
  CreatePaymentIntentInput,
  PaymentAttempt,
  PaymentReadback,
} from './types';

/*
 * The booking's PaymentIntent at Stripe: created and confirmed once however often the activity
 * runs (SEC-PAY-02), read back as the only proof of payment (SEC-PAY-05), cancelled as the saga's
 * compensation.
 */

// --- Create -------------------------------------------------------------------------------------

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
    // Authorise only: the booking saga captures once the supplier has confirmed (issue 17).
    capture_method: 'manual',
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
  if (intent.status === 'requires_capture') return { outcome: 'authorised', paymentId };
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

// --- Read back ----------------------------------------------------------------------------------

function capturedOf(intent: Stripe.PaymentIntent): number {
  const charge = intent.latest_charge;
  if (!charge || typeof charge === 'string' || !charge.captured) return 0;
  // localstripe's charges carry no amount_captured: it captures the whole charge and refunds at
  // once what a partial capture left out (which receivedOf sees).
  return typeof charge.amount_captured === 'number' ? charge.amount_captured : charge.amount;
}

/** What Stripe holds for the booking: captured and not refunded. */
function receivedOf(intent: Stripe.PaymentIntent, capturedMinor: number): number {
  const charge = intent.latest_charge;
  if (!charge || typeof charge === 'string') return 0;
  return capturedMinor - (charge.amount_refunded ?? 0);
}

/**
 * Reads the booking's PaymentIntent from Stripe and records its status and captured amount on
 * the row. Refuses a PaymentIntent that is not this booking's (other booking id in its
 * metadata, other amount or currency): nothing stored or signalled can stand in for Stripe.
 */
export async function readBack(stripe: Stripe, row: Payment): Promise<PaymentReadback> {
  const intentId = row.stripe_payment_intent_id;
  if (!intentId) {
    throw ApplicationFailure.nonRetryable('the payment has no PaymentIntent yet', 'PaymentNotStarted');
  }
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] });
  } catch (err) {
    throw stripeFailure(err, 'read PaymentIntent');
  }
  if (
    intent.metadata?.booking_id !== row.booking_id ||
    intent.amount !== row.amount_minor ||
    intent.currency !== row.currency.toLowerCase()
  ) {
    throw ApplicationFailure.nonRetryable('the PaymentIntent does not match the booking', 'PaymentMismatch');
  }
  const capturedMinor = capturedOf(intent);
  const failureCode = failureCodeOf(intent.last_payment_error?.decline_code, intent.last_payment_error?.code);
  row.set({
    status: intent.status as PaymentStatus,
    captured_minor: capturedMinor,
    failure_code: failureCode,
  });
  await row.save();
  return {
    paymentId: row.id,
    status: intent.status,
    amountMinor: row.amount_minor,
    currency: row.currency,
    capturedMinor,
    // SEC-PAY-05: Stripe must hold the whole booked amount, not a part captured or left after a refund.
    confirmable: intent.status === 'succeeded' && receivedOf(intent, capturedMinor) === row.amount_minor,
    ...authorisationOf(intent, row.amount_minor),
    failureCode,
  };
}

// --- Cancel -------------------------------------------------------------------------------------

/** Where money has moved: Stripe cannot cancel, only refund. */
const MONEY_MOVED = new Set(['succeeded', 'processing']);

async function retrieve(stripe: Stripe, id: string): Promise<Stripe.PaymentIntent> {
  try {
    return await stripe.paymentIntents.retrieve(id);
  } catch (err) {
    throw stripeFailure(err, 'read PaymentIntent');
  }
}

// --- The activities -----------------------------------------------------------------------------

/** The PaymentIntent activities of the payments pool (payment-activities.ts builds them all). */
export function paymentIntentActivities({ stripe, models }: PaymentActivityDeps) {
  return {
    /**
     * `createPaymentIntent` (payments queue): authorises the booking once, however often it runs
     * (SEC-PAY-02). The actor must be allowed to book and not be blocked (SEC-PAY-06); the row,
     * the card's brand and last4 and the Stripe call are each safe to repeat.
     */
    async createPaymentIntent(input: CreatePaymentIntentInput): Promise<PaymentAttempt> {
      assertMay(input.actor, ['book']);
      assertUuid(input.bookingId, 'bookingId');
      assertAmount(input.amountMinor);
      assertCurrency(input.currency);
      assertPaymentMethodId(input.paymentMethodId);
      await assertNotBlocked(models, input);
      const row = await claimPayment(models, input.actor, input);
      await rememberCard(stripe, row);
      return sendCreate(stripe, row);
    },

    /**
     * `readPaymentIntent` (payments queue), SEC-PAY-05: the booking workflow confirms only on this
     * activity's `confirmable`, read from Stripe, never on a webhook or a stored status alone.
     */
    async readPaymentIntent(input: BookingPaymentInput): Promise<PaymentReadback> {
      assertMay(input.actor, ['view_own_bookings', 'view_all_bookings']);
      assertUuid(input.bookingId, 'bookingId');
      const row = await findPayment(models, input.bookingId);
      if (!row) throw paymentNotFound();
      assertOwnsOrStaff(input.actor, row.user_id);
      return readBack(stripe, row);
    },

    /**
     * `cancelPaymentIntent` (payments queue), the booking saga's compensation for the payment
     * step, with `booking/<id>/cancel`. A compensation for a payment that never started is a
     * no-op. A row still `creating` means the create activity may have reached Stripe without
     * recording the answer: its exact request is sent again first, so Stripe answers with the
     * PaymentIntent it made (or makes it now), and that one is cancelled. Money that has moved
     * is reported, not cancelled.
     */
    async cancelPaymentIntent(input: BookingPaymentInput): Promise<CancelOutcome> {
      assertMay(input.actor, ['book', 'cancel_booking']);
      assertUuid(input.bookingId, 'bookingId');
      const row = await findPayment(models, input.bookingId);
      if (!row) return { outcome: 'nothing_to_cancel' };
      assertOwnsOrStaff(input.actor, row.user_id);
      if (row.status === 'creating') await sendCreate(stripe, row);
      const intentId = row.stripe_payment_intent_id;
      if (!intentId) return { outcome: 'nothing_to_cancel' };

      const before = await retrieve(stripe, intentId);
      if (before.status === 'canceled') return { outcome: 'canceled' };
      if (MONEY_MOVED.has(before.status)) return { outcome: 'not_cancelable', status: before.status };
      try {
        await stripe.paymentIntents.cancel(
          intentId,
          {},
          { idempotencyKey: idempotencyKeys.cancel(row.booking_id) },
        );
      } catch (err) {
        // It moved on between the read and the cancel (3-D Secure completed): report what it is now.
        if (!isStripeError(err) || err.type !== 'StripeInvalidRequestError')
          throw stripeFailure(err, 'cancel');
        const now = await retrieve(stripe, intentId);
        if (now.status === 'canceled') return { outcome: 'canceled' };
        if (MONEY_MOVED.has(now.status)) return { outcome: 'not_cancelable', status: now.status };
        throw stripeFailure(err, 'cancel PaymentIntent');
      }
      row.set({ status: 'canceled' });
      await row.save();
      return { outcome: 'canceled' };
    },
  };
}
