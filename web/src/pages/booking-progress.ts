import { api, problemText } from '../api';
import { TERMINAL, reasonWords, statusWords, type Booking } from '../booking-words';
import type { CardFrame } from '../card-frame';
import { h } from '../dom';

const POLL_MS = 1_000;
/** How many polls before the page stops following (the saga may wait minutes for a payment). */
const MAX_POLLS = 900;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows a booking's saga until CONFIRMED, FAILED or CANCELLED, saying each step in words. When
 * Stripe asks for 3-D Secure (AWAITING_PAYMENT with the booker's client secret), the card frame
 * runs the check inside itself: this page hands it the secret and waits.
 */
export async function followBooking(
  container: HTMLElement,
  bookingId: string,
  frame: CardFrame | null,
): Promise<Booking | null> {
  const line = h('p', {
    id: 'booking-status',
    role: 'status',
    'aria-live': 'polite',
    'data-status': 'PENDING',
  });
  const reason = h('p', { id: 'booking-failure', class: 'error', hidden: true });
  const link = h('a', { href: `#/bookings/${bookingId}`, hidden: true }, 'See the booking');
  container.append(h('h2', {}, 'Your booking'), line, reason, link);
  const handled = new Set<string>();
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    const answer = await api<Booking>('GET', `/api/v1/bookings/${bookingId}`);
    if (answer.status !== 200) {
      line.textContent = problemText(answer);
      await pause(POLL_MS);
      continue;
    }
    const booking = answer.json;
    line.dataset.status = booking.status;
    line.textContent = statusWords(booking.status);
    if (TERMINAL.has(booking.status)) {
      if (booking.status === 'FAILED') {
        reason.textContent = reasonWords(booking.failureReason);
        reason.hidden = false;
      }
      link.hidden = false;
      return booking;
    }
    const secret = booking.clientSecret;
    if (booking.status === 'AWAITING_PAYMENT' && secret && frame && !handled.has(secret)) {
      handled.add(secret);
      line.textContent = 'Your bank asks you to confirm this payment: complete the check in the card frame.';
      frame.iframe.scrollIntoView({ block: 'center' });
      frame.iframe.focus();
      try {
        const ok = await frame.handleNextAction(secret);
        line.textContent = ok
          ? 'Card check done: waiting for the payment…'
          : 'The card check failed: waiting for the booking to close…';
      } catch (err) {
        line.textContent = err instanceof Error ? err.message : 'The card check could not run.';
      }
      continue;
    }
    await pause(POLL_MS);
  }
  line.textContent = 'Still working on it. You can leave this page: My bookings shows the result.';
  link.hidden = false;
  return null;
}
