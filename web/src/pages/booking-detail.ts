import { api, problemText } from '../api';
import { reasonWords, statusWords, type Booking } from '../booking-words';
import { busy, errorBox, h } from '../dom';
import { amount, cancellationTerms, moment, money } from '../format';
import { reviewSection } from './review-form';
import type { CancellationQuoteView } from '../../../services/bookings/cancellation-quote-view';

/** `checkIn` → `Check in`. */
const detailLabel = (key: string) => {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function detailList(booking: Booking): HTMLElement {
  const rows: [string, string][] = [
    ['Status', `${booking.status}: ${statusWords(booking.status)}`],
    ['Price', amount(booking.amount, booking.currency)],
    ...Object.entries(booking.details)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]): [string, string] => [detailLabel(k), String(v)]),
    ['Booked', moment(booking.createdAt)],
  ];
  if (booking.notes) rows.push(['Notes', booking.notes]);
  if (booking.status === 'FAILED') rows.push(['Why it failed', reasonWords(booking.failureReason)]);
  if (booking.cancellation) rows.push(['Cancellation terms', cancellationTerms(booking.cancellation)]);
  return h('dl', { class: 'details' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function passengers(booking: Booking): HTMLElement | null {
  if (!booking.passengers?.length) return null;
  return h(
    'section',
    { 'aria-label': 'Guests' },
    h('h2', {}, 'Guests'),
    h(
      'table',
      { class: 'passengers' },
      h('caption', {}, 'Passport numbers are shown masked: only the last four characters.'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Name'),
          h('th', { scope: 'col' }, 'Born'),
          h('th', { scope: 'col' }, 'Passport'),
        ),
      ),
      h(
        'tbody',
        {},
        ...booking.passengers.map((p) =>
          h(
            'tr',
            {},
            h('td', {}, `${p.firstName} ${p.lastName}`),
            h('td', {}, p.dateOfBirth),
            h('td', { class: 'passport' }, p.passportNumber ?? '—'),
          ),
        ),
      ),
    ),
  );
}

/** Cancellation in two steps: the quote (refund and until when it holds), then its confirmation. */
function cancellation(booking: Booking, reload: () => void): HTMLElement | null {
  if (!['CONFIRMED', 'PENDING', 'HELD', 'AWAITING_PAYMENT', 'PAID'].includes(booking.status)) return null;
  const problem = errorBox();
  const ask = h('button', { type: 'button', id: 'quote-cancellation' }, 'Cancel this booking…');
  const quoteBox = h('div', {
    id: 'cancellation-quote',
    role: 'region',
    'aria-label': 'Cancellation quote',
    hidden: true,
  });
  const section = h(
    'section',
    { class: 'cancellation' },
    h('h2', {}, 'Cancel'),
    ask,
    quoteBox,
    problem.element,
  );
  ask.addEventListener('click', () => {
    void busy(section, async () => {
      problem.clear();
      const answer = await api<CancellationQuoteView>(
        'POST',
        `/api/v1/bookings/${booking.id}/cancellation-quotes`,
        undefined,
        {
          'Idempotency-Key': crypto.randomUUID(),
        },
      );
      if (answer.status !== 201) return problem.show(problemText(answer));
      const quote = answer.json;
      const confirm = h(
        'button',
        { type: 'button', id: 'confirm-cancellation', class: 'danger' },
        `Cancel and get ${money(quote.refundMinor, quote.currency)} back`,
      );
      const confirmKey = crypto.randomUUID();
      quoteBox.replaceChildren(
        h(
          'p',
          { id: 'quote-text' },
          quote.phase === 'free'
            ? `Cancelling now is free: you get ${money(quote.refundMinor, quote.currency)} back.`
            : `Cancelling now keeps ${money(quote.deductionMinor, quote.currency)}: you get ${money(quote.refundMinor, quote.currency)} back.`,
        ),
        h('p', { class: 'hint' }, `This quote holds until ${moment(quote.expiresAt)}.`),
        confirm,
      );
      quoteBox.hidden = false;
      confirm.focus();
      confirm.addEventListener('click', () => {
        void busy(section, async () => {
          const done = await api<{ refundedMinor: number }>(
            'POST',
            `/api/v1/bookings/${booking.id}/cancellation-quotes/${quote.id}/confirm`,
            undefined,
            { 'Idempotency-Key': confirmKey },
          );
          if (done.status !== 200) return problem.show(problemText(done));
          quoteBox.replaceChildren(
            h(
              'p',
              { role: 'status', id: 'cancelled-text' },
              `Cancelled. ${money(done.json.refundedMinor, quote.currency)} is on its way back to your card.`,
            ),
          );
          reload();
        });
      });
    });
  });
  return section;
}

/** `#/bookings/<id>`: a booking with its status, guests (passports masked) and cancellation. */
export async function bookingDetailPage(main: HTMLElement, params: Record<string, string>): Promise<void> {
  main.append(h('h1', {}, 'Booking'), h('p', {}, h('a', { href: '#/bookings' }, '← My bookings')));
  const body = h('div', { id: 'booking-detail' });
  main.append(body);
  const render = async (keep: HTMLElement | null) => {
    const answer = await api<Booking>('GET', `/api/v1/bookings/${encodeURIComponent(params.id ?? '')}`);
    if (answer.status !== 200) {
      body.replaceChildren(h('p', { class: 'error', role: 'alert' }, problemText(answer)));
      return;
    }
    const booking = answer.json;
    body.dataset.status = booking.status;
    body.replaceChildren(
      detailList(booking),
      passengers(booking) ?? '',
      reviewSection(booking) ?? '',
      keep ?? cancellation(booking, () => void render(keepNode())) ?? '',
    );
  };
  // After a cancellation the confirmation stays on screen while the details refresh.
  const keepNode = () => body.querySelector<HTMLElement>('section.cancellation');
  await render(null);
}
