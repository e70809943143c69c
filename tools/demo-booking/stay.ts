import { randomInt } from 'node:crypto';
import { addDays, isoDay } from '../../lib/dates/calendar-days';
import { PAYMENT_CURRENCIES } from '../../services/payments/payment-rules';
import { expectStatus, type BrowserSession } from './browser-session';

interface HotelHit {
  id: string;
  name: string;
  city: string;
  room: { type: string };
  rooms: number;
  total_minor: number;
  currency: string;
}

export interface ChosenStay {
  hotel: HotelHit;
  checkIn: string;
  checkOut: string;
  guests: number;
}

/**
 * Hotels in `city` for 2 guests, 3 nights starting a week from today, from the 20 cheapest in a
 * random order: repeated demos spread over them instead of selling out the cheapest one.
 */
export async function searchStays(session: BrowserSession, city: string): Promise<ChosenStay[]> {
  const checkIn = addDays(isoDay(new Date()), 7);
  const checkOut = addDays(checkIn, 3);
  const query = new URLSearchParams({
    city,
    check_in: checkIn,
    check_out: checkOut,
    guests: '2',
    sort: 'price',
    limit: '20',
  });
  const answer = await session.call('GET', `/api/v1/search/hotels?${query}`);
  expectStatus(answer, 200, 'hotel search');
  const hits = (answer.json.items as HotelHit[]).filter((h) =>
    (PAYMENT_CURRENCIES as readonly string[]).includes(h.currency),
  );
  if (hits.length === 0) throw new Error(`no hotel in ${city} to book (has the inventory sync run?)`);
  return hits
    .map((hotel) => ({ hotel, order: randomInt(1_000_000) }))
    .sort((a, b) => a.order - b.order)
    .map(({ hotel }) => ({ hotel, checkIn, checkOut, guests: 2 }));
}

const amountOf = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** The `POST /api/v1/bookings` body for the stay, paid with `paymentMethodId`. */
export function stayBooking(stay: ChosenStay, paymentMethodId: string) {
  return {
    kind: 'hotel',
    hotel: {
      hotelId: stay.hotel.id,
      roomType: stay.hotel.room.type,
      checkIn: stay.checkIn,
      checkOut: stay.checkOut,
      rooms: stay.hotel.rooms,
      guests: stay.guests,
    },
    passengers: [
      { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1986-12-09' },
      { firstName: 'Alan', lastName: 'Turing', dateOfBirth: '1984-06-23' },
    ],
    amount: amountOf(stay.hotel.total_minor),
    currency: stay.hotel.currency,
    paymentMethodId,
    notes: 'Demo booking made by scripts/up.sh',
  };
}
