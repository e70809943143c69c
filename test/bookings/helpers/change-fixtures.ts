import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import {
  createSupplierAdapters,
  type FlightInventory,
  type HotelInventory,
} from '../../../activities/suppliers';
import { bookingModels } from '../../../db/models/booking-models';
import type { AppError } from '../../../lib/errors';
import { createBooking } from '../../../services/bookings';
import { freeCancellationUntil } from '../../../services/bookings/cancellation-policy';
import { PAYMENT_CURRENCIES } from '../../../services/payments/payment-rules';
import { createPaymentMethod, TEST_CARDS } from '../../payments/helpers/stripe-stack';
import { bookThroughSaga, untilConfirmed } from './saga-booking';
import type { SagaHarness } from './saga-harness';

export interface FreeRoom {
  hotel: HotelInventory;
  room: HotelInventory['rooms'][number];
  checkIn: string;
  checkOut(nights: number): string;
}

/**
 * What the booking change tests start from, on one saga harness: flights and hotel rooms of the
 * stack simulator free to cancel for a day yet (so a change carries no penalty), each handed
 * out once, CONFIRMED bookings on them with the workflow still open for changes, and reads.
 */
export function changeFixtures(h: () => SagaHarness, origin: { ip: string }) {
  let flights: FlightInventory[] = [];
  const used = new Set<string>();
  const adapters = () => createSupplierAdapters(h().config, { headers: { 'x-sim-scope': h().scope } });

  async function loadFlights(): Promise<FlightInventory[]> {
    const { adapters: a, shutdown } = adapters();
    const page = await a.flight.feedPage(null, 1000);
    shutdown();
    const now = Date.now();
    return (page.items as FlightInventory[]).filter(
      (f) =>
        f.currency === 'EUR' &&
        PAYMENT_CURRENCIES.includes(f.currency) &&
        f.seatsLeft >= 3 &&
        freeCancellationUntil(f.cancellation, new Date(f.departureAt)).getTime() > now + 86_400_000,
    );
  }

  return {
    /** Two unused flights in one currency: the first costs less than the second when `cheaperFirst`. */
    async pair(cheaperFirst: boolean): Promise<[FlightInventory, FlightInventory]> {
      if (flights.length === 0) flights = await loadFlights();
      const free = flights.filter((f) => !used.has(f.id)).sort((x, y) => x.fareMinor - y.fareMinor);
      const low = free[Math.floor(Math.random() * (free.length / 2))]!;
      const high = free.findLast((f) => f.fareMinor > low.fareMinor)!;
      used.add(low.id).add(high.id);
      return cheaperFirst ? [low, high] : [high, low];
    },
    async confirmedOn(flight: FlightInventory) {
      return untilConfirmed(
        h(),
        await bookThroughSaga(h(), flight, TEST_CARDS.succeeds, origin, { cancelWindowSeconds: 600 }),
      );
    },
    /** A hotel room free for nights `from`..`from + nights + 1` of the feed (days from its start), in EUR. */
    async hotelRoom(from: number, nights: number): Promise<FreeRoom> {
      const { adapters: a, shutdown } = adapters();
      const page = await a.hotel.feedPage(null, 500);
      shutdown();
      const day = (n: number) =>
        new Date(Date.parse(`${page.availabilityStart}T00:00:00Z`) + n * 86_400_000)
          .toISOString()
          .slice(0, 10);
      for (const hotel of page.items as HotelInventory[]) {
        if (hotel.currency !== 'EUR' || used.has(hotel.id)) continue;
        const room = hotel.rooms.find((r) => r.available.slice(from, from + nights + 1).every((n) => n >= 2));
        if (!room) continue;
        used.add(hotel.id);
        return { hotel, room, checkIn: day(from), checkOut: (n: number) => day(from + n) };
      }
      throw new Error('no hotel room free for the stay');
    },
    /** A CONFIRMED stay of `nights` in `room`, booked through the saga by a new customer. */
    async confirmedStay(room: FreeRoom, nights: number) {
      const actor = await h().customer();
      const deps = h().deps({ cancelWindowSeconds: 600 });
      const minor = room.room.nightlyMinor * nights;
      const accepted = await createBooking(
        deps,
        actor,
        {
          kind: 'hotel',
          hotel: {
            hotelId: room.hotel.id,
            roomType: room.room.type,
            checkIn: room.checkIn,
            checkOut: room.checkOut(nights),
            rooms: 1,
            guests: 1,
          },
          passengers: [{ firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1980-12-09' }],
          amount: `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`,
          currency: 'EUR',
          paymentMethodId: await createPaymentMethod(TEST_CARDS.succeeds),
        },
        randomUUID(),
        origin,
      );
      const booking = (await bookingModels(h().sequelize).Booking.findByPk(accepted.id))!;
      const handle = h().client.workflow.getHandle(booking.workflow_id);
      await untilConfirmed(h(), { handle, booking } as Parameters<typeof untilConfirmed>[1]);
      return { actor, deps, id: accepted.id };
    },
    async bookingRow(id: string) {
      return (await bookingModels(h().sequelize).Booking.findByPk(id))!.get({ plain: true }) as Record<
        string,
        unknown
      >;
    },
    chargesOf: (bookingId: string) =>
      h().sequelize.query<{ id: string; status: string; amount_minor: string }>(
        'SELECT id, status, amount_minor FROM booking_change_charges WHERE booking_id = $1',
        { bind: [bookingId], type: QueryTypes.SELECT },
      ),
  };
}

export const toFlight = (f: FlightInventory) => ({
  flight: {
    flightId: f.id,
    departureDate: f.departureAt.slice(0, 10),
    origin: f.origin,
    destination: f.destination,
  },
});

export const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code ?? String(e),
  );
