import { ApplicationFailure } from '@temporalio/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A Stripe PaymentMethod id: the only card reference the platform takes (SEC-PAY-01, SEC-VAL-04). */
const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9]{1,250}$/;
/** Stripe's ceiling for one charge in two-decimal currencies: 999,999.99. */
export const MAX_AMOUNT_MINOR = 99_999_999;
/** Two-decimal ISO 4217 currencies the platform charges in (amounts are cents). */
export const PAYMENT_CURRENCIES = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
];

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
