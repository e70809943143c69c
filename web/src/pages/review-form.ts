import { api, problemText } from '../api';
import type { Booking } from '../booking-words';
import { busy, errorBox, field, formValues, h } from '../dom';

/** The day the stay or flight is over (checkout, or the departure day of a flight). */
function endDay(booking: Booking): string {
  return String(booking.kind === 'hotel' ? booking.details.checkOut : booking.details.departureDate);
}

/**
 * A review of an ended stay or departed flight (the API checks it again and says why not in words).
 * Plain text only: the API refuses markup and returns the text exactly as written.
 */
export function reviewSection(booking: Booking): HTMLElement | null {
  const today = new Date().toISOString().slice(0, 10);
  if (booking.status !== 'CONFIRMED' || !(endDay(booking) <= today)) return null;
  const problem = errorBox();
  const done = h('p', { role: 'status' });
  const overall = h(
    'select',
    { name: 'overall', required: true },
    ...[5, 4, 3, 2, 1].map((n) => h('option', { value: n }, `${n} of 5`)),
  );
  const form = h(
    'form',
    { id: 'review-form' },
    field('Overall', overall),
    field('Title', h('input', { name: 'title', required: true, maxlength: 120 })),
    field('Your review', h('textarea', { name: 'text', rows: 4, required: true })),
    problem.element,
    h('button', { type: 'submit' }, 'Send review'),
    done,
  );
  const key = crypto.randomUUID();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      problem.clear();
      const values = formValues(form);
      const answer = await api(
        'POST',
        `/api/v1/bookings/${booking.id}/review`,
        { ...values, overall: Number(values.overall) },
        { 'Idempotency-Key': key },
      );
      if (answer.status !== 201) return problem.show(problemText(answer));
      form.replaceChildren(
        h('p', { role: 'status' }, 'Thank you: your review is published once a moderator has read it.'),
      );
    });
  });
  return h('section', { 'aria-labelledby': 'review-title' }, h('h2', { id: 'review-title' }, 'Review'), form);
}
