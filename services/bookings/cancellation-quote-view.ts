// Types only, importing nothing: the web app (web/src/pages/booking-detail.ts) reads these answers
// too, through an `import type` its bundle erases.

export type QuoteStatus = 'open' | 'superseded' | 'confirmed' | 'settled' | 'void';

/** A cancellation priced before it is made (Duffel's quote-then-confirm): what comes back, until when. */
export interface CancellationQuoteView {
  id: string;
  bookingId: string;
  /** `free` before the terms' deadline; `late` after it, when the deduction is kept. */
  phase: 'free' | 'late';
  refundMinor: number;
  deductionMinor: number;
  currency: string;
  /** Confirm before then; a newer quote for the booking supersedes this one at once. */
  expiresAt: string;
  status: QuoteStatus;
  confirmUrl: string;
}
