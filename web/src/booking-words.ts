/** Booking states and saga failure reasons (workflows/bookings) in words a customer reads. */

export interface Booking {
  id: string;
  status: string;
  kind: 'hotel' | 'flight';
  amount: string;
  currency: string;
  details: Record<string, string | number | undefined>;
  notes: string | null;
  failureReason: string | null;
  cancellation: {
    freeUntil: string;
    freeUntilDays: number;
    lateDeductionPercent: number;
    startsAt: string;
  } | null;
  createdAt: string;
  passengers?: { firstName: string; lastName: string; dateOfBirth: string; passportNumber: string | null }[];
  clientSecret?: string | null;
}

const STATUS: Record<string, string> = {
  PENDING: 'Booking received: checking availability with the hotel or airline…',
  HELD: 'Reserved with the supplier: taking the payment…',
  AWAITING_PAYMENT: 'Waiting for the payment to be authorised…',
  PAID: 'Payment authorised: confirming with the supplier…',
  CONFIRMED: 'Confirmed. Have a good trip!',
  FAILED: 'The booking failed.',
  CANCELLED: 'Cancelled.',
};

const REASONS: Record<string, string> = {
  payment_declined: 'Your card was declined by the bank. Nothing was charged; try another card.',
  payment_timeout:
    'The payment was not completed in time (for example the card check was not finished). Nothing was charged.',
  price_changed:
    'The price changed before the booking was made. Nothing was charged; search again for the current price.',
  authorisation_expired:
    'The card authorisation expired before the booking was confirmed. Nothing was charged.',
  capture_mismatch: 'The payment could not be completed as authorised. Nothing was charged.',
  sold_out: 'The last room or seat was taken by someone else. Nothing was charged.',
  cancelled: 'You cancelled the booking before it was confirmed.',
};

export const TERMINAL = new Set(['CONFIRMED', 'FAILED', 'CANCELLED']);

export const statusWords = (status: string): string => STATUS[status] ?? status;

/** The saga's failure code as a sentence; unknown codes spelled out rather than hidden. */
export function reasonWords(code: string | null): string {
  if (!code) return 'No reason was given.';
  return REASONS[code] ?? `Reason: ${code.replace(/_/g, ' ')}. Nothing was charged for a failed booking.`;
}
