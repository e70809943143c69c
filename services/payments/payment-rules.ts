/**
 * What the platform charges: the product rules of a payment, read by the booking body's checks
 * (services/bookings/booking-input.ts) and by the payment activities' own input checks
 * (activities/payments), so a booking the API accepts is one the payments pool will charge.
 */

/** A Stripe PaymentMethod id: the only card reference the platform takes (SEC-PAY-01, SEC-VAL-04). */
export const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9]{1,250}$/;

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
