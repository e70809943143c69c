import { api, problemText } from '../api';
import { CardFrame, cardFrameOrigin, type PaymentMethod } from '../card-frame';
import { busy, errorBox, field, h } from '../dom';
import { cancellationTerms, day, money } from '../format';
import { me } from '../session';
import { followBooking } from './booking-progress';

function passengerFieldset(index: number, flight: boolean): HTMLFieldSetElement {
  const n = index + 1;
  const input = (name: string, attrs: Record<string, string | boolean>) =>
    h('input', { name: `p${index}.${name}`, ...attrs });
  return h(
    'fieldset',
    { class: 'passenger' },
    h('legend', {}, `${flight ? 'Passenger' : 'Guest'} ${n}`),
    field('First name', input('firstName', { required: true, autocomplete: n === 1 ? 'given-name' : 'off' })),
    field('Last name', input('lastName', { required: true, autocomplete: n === 1 ? 'family-name' : 'off' })),
    field('Date of birth', input('dateOfBirth', { type: 'date', required: true })),
    flight
      ? field('Passport number', input('passportNumber', { autocomplete: 'off', required: true }))
      : field('Passport number (optional for hotels)', input('passportNumber', { autocomplete: 'off' })),
  );
}

function passengersOf(form: HTMLFormElement, count: number) {
  const data = new FormData(form);
  const value = (i: number, name: string) => String(data.get(`p${i}.${name}`) ?? '').trim();
  return Array.from({ length: count }, (_, i) => ({
    firstName: value(i, 'firstName'),
    lastName: value(i, 'lastName'),
    dateOfBirth: value(i, 'dateOfBirth'),
    ...(value(i, 'passportNumber') && { passportNumber: value(i, 'passportNumber') }),
  }));
}

/**
 * `#/book?hotel=…`: the booking form. Guests and notes here; the card in the card frame (another
 * origin: this page never sees the number). One Idempotency-Key per form, kept while an answer
 * is unknown (network failure, 5xx, 409 still running) so a retry cannot book twice; a definite
 * refusal (other 4xx) means the next press is a new request with a new key.
 */
export async function bookPage(main: HTMLElement, _params: unknown, query: URLSearchParams): Promise<void> {
  main.append(h('h1', {}, `Book ${query.get('name') ?? 'your stay'}`));
  if (!me()) {
    main.append(
      h('p', {}, 'Sign in to book. ', h('a', { href: '#/signin' }, 'Sign in or create an account')),
    );
    return;
  }
  const total = Number(query.get('total'));
  const currency = query.get('currency') ?? 'EUR';
  const guests = Math.min(9, Math.max(1, Number(query.get('guests')) || 1));
  const checkIn = query.get('check_in') ?? '';
  const checkOut = query.get('check_out') ?? '';
  const flight = query.has('flight');
  main.append(
    h(
      'section',
      { class: 'summary', 'aria-label': 'Your stay' },
      h(
        'p',
        {},
        flight
          ? `${query.get('origin')} → ${query.get('destination')} on ${day(query.get('date') ?? '')}, ${guests} passenger(s)`
          : `${day(checkIn)} to ${day(checkOut)}, ${query.get('rooms') ?? '1'} ${query.get('room') ?? ''} room(s), ${guests} guest(s)`,
      ),
      h(
        'p',
        { class: 'price' },
        `${flight ? 'Total for all passengers' : 'Total for the stay'}: ${money(total, currency)}`,
      ),
      query.get('free_until')
        ? h(
            'p',
            { class: 'terms' },
            cancellationTerms({
              freeUntil: query.get('free_until')!,
              lateDeductionPercent: Number(query.get('late')),
            }),
          )
        : null,
    ),
  );
  const origin = cardFrameOrigin();
  if (!origin) {
    main.append(
      h(
        'p',
        { class: 'error', role: 'alert' },
        'Card payments are not available on this server (no card frame is configured).',
      ),
    );
    return;
  }
  const frame = new CardFrame(origin);
  const cardError = h('p', { id: 'card-error', class: 'error', hidden: true });
  const problem = errorBox();
  const notes = h('textarea', { name: 'notes', rows: 3, maxlength: 2000 });
  const pay = h('button', { type: 'submit', class: 'primary' }, `Pay ${money(total, currency)} and book`);
  const form = h(
    'form',
    { id: 'booking-form', novalidate: false },
    ...Array.from({ length: guests }, (_, i) => passengerFieldset(i, flight)),
    field(flight ? 'Notes for the airline (optional)' : 'Notes for the hotel (optional)', notes),
    h('fieldset', { class: 'card' }, h('legend', {}, 'Card'), frame.iframe, cardError),
    problem.element,
    pay,
  );
  const progress = h('section', { id: 'booking-progress', 'aria-label': 'Booking progress' });
  main.append(form, progress);

  let idempotencyKey = crypto.randomUUID();
  let paymentMethod: PaymentMethod | null = null;
  frame.changed(() => {
    paymentMethod = null; // a changed card is a new PaymentMethod
    cardError.textContent = frame.error ?? '';
    cardError.hidden = !frame.error;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      problem.clear();
      if (!frame.complete) {
        problem.show(frame.error ?? 'Enter the card number, expiry and CVC in the card frame.');
        problem.element.focus();
        return;
      }
      try {
        paymentMethod ??= await frame.createPaymentMethod();
      } catch (err) {
        problem.show(err instanceof Error ? err.message : 'The card could not be used.');
        problem.element.focus();
        return;
      }
      const details = flight
        ? {
            kind: 'flight',
            flight: {
              flightId: query.get('flight'),
              origin: query.get('origin'),
              destination: query.get('destination'),
              departureDate: query.get('date'),
              seats: guests,
            },
          }
        : {
            kind: 'hotel',
            hotel: {
              hotelId: query.get('hotel'),
              roomType: query.get('room'),
              checkIn,
              checkOut,
              rooms: Number(query.get('rooms') ?? '1'),
              guests,
            },
          };
      const body = {
        ...details,
        passengers: passengersOf(form, guests),
        amount: (total / 100).toFixed(2),
        currency,
        paymentMethodId: paymentMethod.paymentMethodId,
        ...(notes.value.trim() && { notes: notes.value.trim() }),
      };
      let answer;
      try {
        answer = await api<{ id: string }>('POST', '/api/v1/bookings', body, {
          'Idempotency-Key': idempotencyKey,
        });
      } catch {
        problem.show('The connection failed. Press the button again: the booking will not be made twice.');
        return;
      }
      if (answer.status !== 202) {
        if (answer.status >= 400 && answer.status < 500 && answer.status !== 409)
          idempotencyKey = crypto.randomUUID();
        problem.show(problemText(answer));
        problem.element.focus();
        return;
      }
      for (const control of form.querySelectorAll('input, textarea')) control.setAttribute('disabled', '');
      pay.hidden = true;
      await followBooking(progress, answer.json.id, frame);
    });
  });
}
