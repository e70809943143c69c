import { api, problemText } from '../api';
import { statusWords, type Booking } from '../booking-words';
import { busy, errorBox, h } from '../dom';
import { amount, day } from '../format';
import { me } from '../session';

const PAGE_SIZE = 10;

function what(booking: Booking): string {
  const d = booking.details;
  return booking.kind === 'hotel'
    ? `Hotel ${d.hotelId ?? ''}, ${d.checkIn ? day(String(d.checkIn)) : ''} to ${d.checkOut ? day(String(d.checkOut)) : ''}`
    : `Flight ${d.origin ?? ''} → ${d.destination ?? ''}, ${d.departureDate ? day(String(d.departureDate)) : ''}`;
}

function row(booking: Booking): HTMLElement {
  return h(
    'li',
    { class: 'booking-row' },
    h('a', { href: `#/bookings/${booking.id}` }, what(booking)),
    h('span', { class: `badge status-${booking.status.toLowerCase()}` }, booking.status),
    h('span', {}, amount(booking.amount, booking.currency)),
    h('span', { class: 'hint' }, `booked ${day(booking.createdAt)}`),
  );
}

/** `#/bookings`: the customer's bookings, newest first, a page at a time. */
export async function myBookingsPage(main: HTMLElement): Promise<void> {
  main.append(h('h1', {}, 'My bookings'));
  if (!me()) {
    main.append(h('p', {}, h('a', { href: '#/signin' }, 'Sign in'), ' to see your bookings.'));
    return;
  }
  const problem = errorBox();
  const list = h('ul', { class: 'booking-list', id: 'booking-list' });
  const more = h('button', { type: 'button', hidden: true }, 'Older bookings');
  const section = h('section', { 'aria-label': 'Bookings' }, list, more, problem.element);
  main.append(section);
  const load = async (cursor: string | null) => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor && { cursor }) });
    const answer = await api<{ bookings: Booking[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/bookings?${query}`,
    );
    if (answer.status !== 200) return problem.show(problemText(answer));
    if (!cursor && answer.json.bookings.length === 0) {
      list.append(h('li', {}, 'No bookings yet. ', h('a', { href: '#/search' }, 'Find a hotel')));
    }
    list.append(...answer.json.bookings.map(row));
    more.hidden = !answer.json.nextCursor;
    more.onclick = () => void busy(section, () => load(answer.json.nextCursor));
  };
  await load(null);
}

export { statusWords };
