import { ApplicationFailure } from '@temporalio/common';
import { UniqueConstraintError } from 'sequelize';
import type { Payment } from '../../db/models/payment';
import type { PaymentModels } from '../../db/models/payment-models';
import { can, type Actor, type Permission } from '../../lib/rbac';
import {
  MAX_AMOUNT_MINOR,
  PAYMENT_CURRENCIES,
  PAYMENT_METHOD_ID,
} from '../../services/payments/payment-rules';

/*
 * The booking's payment row and what every activity checks before it touches one: who may act
 * on it (SEC-AUTHZ-02/03) and what input may reach it (the payment rules of services/payments,
 * as Temporal failures that are never retried).
 */

// --- Who may act --------------------------------------------------------------------------------

/** The services check the actor themselves (SEC-AUTHZ-02): any one of `permissions` suffices. */
export function assertMay(actor: Actor, permissions: readonly Permission[]): void {
  if (!permissions.some((p) => can(actor, p))) {
    throw ApplicationFailure.nonRetryable('the actor may not do this', 'AccessDenied');
  }
}

/**
 * Object level (SEC-AUTHZ-03): a payment is its booker's; platform staff who see every booking
 * may act on any. Another user's payment is reported exactly like a missing one.
 */
export function assertOwnsOrStaff(actor: Actor, ownerId: string): void {
  if (actor.id !== ownerId && !can(actor, 'view_all_bookings')) throw paymentNotFound();
}

export function paymentNotFound(): ApplicationFailure {
  return ApplicationFailure.nonRetryable('no payment for this booking', 'PaymentNotFound');
}

// --- What input may reach a payment -------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Wrong input is a bug in the caller: retrying cannot fix it. */
export function invalidInput(reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(reason, 'InvalidPaymentInput');
}

export function assertUuid(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || !UUID.test(value)) throw invalidInput(`${name} must be a lowercase UUID`);
}

export function assertAmount(value: unknown, name = 'amountMinor'): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_AMOUNT_MINOR) {
    throw invalidInput(`${name} must be an integer number of minor units from 1 to ${MAX_AMOUNT_MINOR}`);
  }
}

export function assertCurrency(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !PAYMENT_CURRENCIES.includes(value)) {
    throw invalidInput(`currency must be one of ${PAYMENT_CURRENCIES.join(', ')}`);
  }
}

export function assertPaymentMethodId(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !PAYMENT_METHOD_ID.test(value)) {
    throw invalidInput('paymentMethodId must be a Stripe PaymentMethod id (pm_...)');
  }
}

// --- The row ------------------------------------------------------------------------------------

export interface PaymentClaim {
  bookingId: string;
  amountMinor: number;
  currency: string;
  paymentMethodId: string;
}

function sameAttempt(row: Payment, claim: PaymentClaim, actor: Actor): boolean {
  return (
    row.user_id === actor.id &&
    row.amount_minor === claim.amountMinor &&
    row.currency === claim.currency &&
    row.stripe_payment_method_id === claim.paymentMethodId
  );
}

/**
 * The booking's payment row, written as `creating` before Stripe is called, so every retry finds
 * the attempt it belongs to. A second attempt with other details for the same booking is refused:
 * its idempotency key is taken, and Stripe would refuse it too.
 */
export async function claimPayment(
  models: PaymentModels,
  actor: Actor,
  claim: PaymentClaim,
): Promise<Payment> {
  const existing = await models.Payment.findOne({ where: { booking_id: claim.bookingId } });
  const row =
    existing ??
    (await models.Payment.create({
      booking_id: claim.bookingId,
      user_id: actor.id,
      amount_minor: claim.amountMinor,
      currency: claim.currency,
      status: 'creating',
      stripe_payment_method_id: claim.paymentMethodId,
    }).catch(async (err: unknown) => {
      // A concurrent attempt created it first: use that one.
      if (!(err instanceof UniqueConstraintError)) throw err;
      return models.Payment.findOne({ where: { booking_id: claim.bookingId } });
    }));
  if (!row) throw new Error('payment row vanished while being claimed');
  if (!sameAttempt(row, claim, actor)) {
    throw ApplicationFailure.nonRetryable(
      'this booking already has a payment with other details',
      'PaymentConflict',
    );
  }
  return row;
}

export function findPayment(models: PaymentModels, bookingId: string): Promise<Payment | null> {
  return models.Payment.findOne({ where: { booking_id: bookingId } });
}
