import test from 'ava';
import { QueryTypes } from 'sequelize';
import {
  createSupplierAdapters,
  type FlightInventory,
  type HotelInventory,
} from '../../activities/suppliers';
import { bookingModels } from '../../db/models/booking-models';
import { paymentModels } from '../../db/models/payment-models';
import type { AppError } from '../../lib/errors';
import { confirmBookingChange, offerBookingChange } from '../../services/bookings/change-booking';
import { freeCancellationUntil } from '../../services/bookings/cancellation-policy';
import { PAYMENT_CURRENCIES } from '../../services/payments/payment-rules';
import { localstripeObject, proxyRequests, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { useSagaHarness } from './helpers/bookings-stack';
import { bookThroughSaga, supplierHoldOf, untilConfirmed } from './helpers/saga-booking';
import { createBooking } from '../../services/bookings';
import { createPaymentMethod } from '../payments/helpers/stripe-stack';
import { randomUUID } from 'node:crypto';
import { simUrl, type SagaHarness } from './helpers/saga-harness';

/*
 * Issue 18.2 on the real stack: a CONFIRMED flight booking changed to another flight through the
 * saga's offer and confirmation Updates, the difference charged or refunded at localstripe, the
 * supplier simulator holding, confirming and cancelling; every failure leaves the booking as it was.
 */

let h: SagaHarness;
let flights: FlightInventory[] = [];
const ORIGIN = { ip: '203.0.113.33' };
const used = new Set<string>();

useSagaHarness((stack) => ({ h } = stack));

async function loadFlights(): Promise<FlightInventory[]> {
  const { adapters, shutdown } = createSupplierAdapters(h.config, { headers: { 'x-sim-scope': h.scope } });
  const page = await adapters.flight.feedPage(null, 1000);
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

/** Two unused flights in one currency: the first costs less than the second when `cheaperFirst`. */
async function pair(cheaperFirst: boolean): Promise<[FlightInventory, FlightInventory]> {
  if (flights.length === 0) flights = await loadFlights();
  const free = flights.filter((f) => !used.has(f.id)).sort((x, y) => x.fareMinor - y.fareMinor);
  const low = free[Math.floor(Math.random() * (free.length / 2))]!;
  const high = free.findLast((f) => f.fareMinor > low.fareMinor)!;
  used.add(low.id).add(high.id);
  return cheaperFirst ? [low, high] : [high, low];
}

async function confirmedOn(flight: FlightInventory) {
  return untilConfirmed(
    h,
    await bookThroughSaga(h, flight, TEST_CARDS.succeeds, ORIGIN, { cancelWindowSeconds: 600 }),
  );
}

const toFlight = (f: FlightInventory) => ({
  flight: {
    flightId: f.id,
    departureDate: f.departureAt.slice(0, 10),
    origin: f.origin,
    destination: f.destination,
  },
});

async function bookingRow(id: string) {
  return (await bookingModels(h.sequelize).Booking.findByPk(id))!.get({ plain: true }) as Record<
    string,
    unknown
  >;
}

const chargesOf = (bookingId: string) =>
  h.sequelize.query<{ id: string; status: string; amount_minor: string }>(
    'SELECT id, status, amount_minor FROM booking_change_charges WHERE booking_id = $1',
    { bind: [bookingId], type: QueryTypes.SELECT },
  );

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code ?? String(e),
  );

test.serial(
  'SEC-LOG-03 a change that costs more: the offer prices it, the confirmation charges the difference once with its key, the booking takes the new flight',
  async (t) => {
    const [from, to] = await pair(true);
    const b = await confirmedOn(from);
    const oldHold = (await bookingRow(b.booking.id)).supplier_hold_id;
    const offer = await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
    t.like(offer, {
      available: true,
      currentTotalMinor: from.fareMinor,
      newTotalMinor: to.fareMinor,
      penaltyMinor: 0,
      differenceMinor: to.fareMinor - from.fareMinor,
    });
    const done = await confirmBookingChange(b.deps, b.actor, b.booking.id, offer.offerId, ORIGIN);
    t.like(done, { status: 'CHANGED', differenceMinor: to.fareMinor - from.fareMinor });

    const row = await bookingRow(b.booking.id);
    t.like(row, { status: 'CONFIRMED', amount_minor: to.fareMinor, cancellation_policy: to.cancellation });
    t.is((row.details as { flightId: string }).flightId, to.id);
    t.not(row.supplier_hold_id, oldHold);
    const charge = await paymentModels(h.sequelize).BookingChangeCharge.findByPk(offer.offerId);
    t.like(charge?.get({ plain: true }), {
      status: 'succeeded',
      amount_minor: to.fareMinor - from.fareMinor,
    });
    const intent = await localstripeObject<{ amount: number; status: string }>(
      `/v1/payment_intents/${charge!.stripe_payment_intent_id}`,
    );
    t.like(intent, { amount: to.fareMinor - from.fareMinor, status: 'succeeded' });
    const key = `booking/${b.booking.id}/change/${offer.offerId}/charge`;
    t.is((await proxyRequests({ idempotency_key: key })).filter((r) => r.outcome === 'forwarded').length, 1);
    const events = (
      await h.sequelize.query<{ canonical: string }>(
        'SELECT canonical FROM audit_events WHERE resource_id = $1 ORDER BY sequence',
        { bind: [b.booking.id], type: QueryTypes.SELECT },
      )
    )
      .map(
        (r) =>
          JSON.parse(r.canonical) as { type: string; outcome: string; actor: { type: string; id: string } },
      )
      .filter((e) => e.type === 'booking.modified' && e.actor.type === 'user');
    t.deepEqual(
      events.map((e) => [e.type, e.outcome, e.actor.id]),
      [['booking.modified', 'success', b.actor.id]],
      'SEC-LOG-03: the change is audited with its actor',
    );
  },
);

test.serial('a change that costs less refunds the difference from the booking’s payment', async (t) => {
  const [from, to] = await pair(false);
  const b = await confirmedOn(from);
  const offer = await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
  t.is(offer.differenceMinor, to.fareMinor - from.fareMinor);
  t.true(offer.differenceMinor < 0);
  t.like(await confirmBookingChange(b.deps, b.actor, b.booking.id, offer.offerId, ORIGIN), {
    status: 'CHANGED',
  });
  const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: b.booking.id } });
  t.is(payment!.refunded_minor, from.fareMinor - to.fareMinor);
  t.deepEqual(await chargesOf(b.booking.id), [], 'nothing charged');
});

test.serial(
  'the new inventory gone before the confirmation: the change fails, the booking is unchanged and nothing is charged',
  async (t) => {
    const [from, to] = await pair(true);
    const b = await confirmedOn(from);
    const before = await bookingRow(b.booking.id);
    const offer = await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
    await fetch(`${simUrl()}/_control/units`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ supplier: 'flight', flight_id: to.id, units: 0 }),
    });
    t.is(
      await codeOf(confirmBookingChange(b.deps, b.actor, b.booking.id, offer.offerId, ORIGIN)),
      'CHANGE_FAILED',
    );
    t.deepEqual(await bookingRow(b.booking.id), before);
    t.deepEqual(await chargesOf(b.booking.id), []);
    t.is((await supplierHoldOf(b.booking.id))?.status, 'confirmed', 'the old hold stands');
  },
);

test.serial(
  'a supplier failure half-way (the new hold’s confirmation refused): the charge is refunded, the new hold released, the booking unchanged',
  async (t) => {
    const [from, to] = await pair(true);
    const b = await confirmedOn(from);
    const before = await bookingRow(b.booking.id);
    const offer = await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
    await h.fault({ kind: 'error', route: 'confirm', supplier: 'flight', status: 409, times: 1 });
    try {
      t.is(
        await codeOf(confirmBookingChange(b.deps, b.actor, b.booking.id, offer.offerId, ORIGIN)),
        'CHANGE_FAILED',
      );
    } finally {
      await h.clearFaults();
    }
    t.deepEqual(await bookingRow(b.booking.id), before);
    t.deepEqual(
      (await chargesOf(b.booking.id)).map((c) => c.status),
      ['refunded'],
    );
    const charge = await paymentModels(h.sequelize).BookingChangeCharge.findByPk(offer.offerId);
    const intent = await localstripeObject<{ latest_charge: { amount_refunded: number } | null }>(
      `/v1/payment_intents/${charge!.stripe_payment_intent_id}`,
    );
    t.is(intent.latest_charge?.amount_refunded, to.fareMinor - from.fareMinor);
    const res = await fetch(
      `${simUrl()}/_control/holds?token=${encodeURIComponent(`booking/${b.booking.id}/change/${offer.offerId}/hold`)}`,
    );
    const { holds } = (await res.json()) as { holds: { status: string }[] };
    t.is(holds[0]?.status, 'released', 'the new hold is released');
    t.is((await supplierHoldOf(b.booking.id))?.status, 'confirmed', 'the old hold stands');
  },
);

test.serial(
  'an expired offer, and one superseded by a newer offer, are refused and change nothing',
  async (t) => {
    const [from, to] = await pair(true);
    const b = await confirmedOn(from);
    const shortLived = { ...b.deps, timeouts: { ...b.deps.timeouts, changeOfferTtlSeconds: 1 } };
    const expired = await offerBookingChange(shortLived, b.actor, b.booking.id, toFlight(to), ORIGIN);
    await new Promise((r) => setTimeout(r, 1_100));
    t.is(
      await codeOf(confirmBookingChange(b.deps, b.actor, b.booking.id, expired.offerId, ORIGIN)),
      'OFFER_EXPIRED',
    );
    const first = await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
    await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
    t.is(
      await codeOf(confirmBookingChange(b.deps, b.actor, b.booking.id, first.offerId, ORIGIN)),
      'OFFER_SUPERSEDED',
    );
    t.like(await bookingRow(b.booking.id), { amount_minor: from.fareMinor });
    t.deepEqual(await chargesOf(b.booking.id), []);
  },
);

test.serial(
  'a change is the booker’s own: another customer gets 404; a booking not confirmed is not changeable',
  async (t) => {
    const [from, to] = await pair(true);
    const b = await confirmedOn(from);
    const stranger = await h.customer();
    t.is(await codeOf(offerBookingChange(b.deps, stranger, b.booking.id, toFlight(to), ORIGIN)), 'NOT_FOUND');
    await b.handle.executeUpdate('cancelBooking', { args: [{ reason: 'customer_request', refundMinor: 0 }] });
    t.is(
      await codeOf(offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN)),
      'BOOKING_NOT_CHANGEABLE',
    );
  },
);

/** A hotel room free for nights `from`..`from + nights + 1` of the feed (days from its start), in EUR. */
async function hotelRoom(from: number, nights: number) {
  const { adapters, shutdown } = createSupplierAdapters(h.config, { headers: { 'x-sim-scope': h.scope } });
  const page = await adapters.hotel.feedPage(null, 500);
  shutdown();
  const day = (n: number) =>
    new Date(Date.parse(`${page.availabilityStart}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  for (const hotel of page.items as HotelInventory[]) {
    if (hotel.currency !== 'EUR' || used.has(hotel.id)) continue;
    const room = hotel.rooms.find((r) => r.available.slice(from, from + nights + 1).every((n) => n >= 2));
    if (!room) continue;
    used.add(hotel.id);
    return { hotel, room, checkIn: day(from), checkOut: (n: number) => day(from + n) };
  }
  throw new Error('no hotel room free for the stay');
}

test.serial(
  'a hotel stay made a night longer: priced at the extra night, charged once, the booking takes the new dates',
  async (t) => {
    // Three weeks out: free to cancel on every hotel's terms, so the change carries no penalty.
    const { hotel, room, checkIn, checkOut } = await hotelRoom(21, 3);
    const actor = await h.customer();
    const deps = h.deps({ cancelWindowSeconds: 600 });
    const minor = room.nightlyMinor * 2;
    const accepted = await createBooking(
      deps,
      actor,
      {
        kind: 'hotel',
        hotel: {
          hotelId: hotel.id,
          roomType: room.type,
          checkIn,
          checkOut: checkOut(2),
          rooms: 1,
          guests: 1,
        },
        passengers: [{ firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1980-12-09' }],
        amount: `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`,
        currency: 'EUR',
        paymentMethodId: await createPaymentMethod(TEST_CARDS.succeeds),
      },
      randomUUID(),
      ORIGIN,
    );
    const row = (await bookingModels(h.sequelize).Booking.findByPk(accepted.id))!;
    const handle = h.client.workflow.getHandle(row.workflow_id);
    await untilConfirmed(h, { handle, booking: row } as Parameters<typeof untilConfirmed>[1]);
    const offer = await offerBookingChange(
      deps,
      actor,
      accepted.id,
      { hotel: { checkOut: checkOut(3) } },
      ORIGIN,
    );
    t.like(offer, {
      available: true,
      newTotalMinor: room.nightlyMinor * 3,
      differenceMinor: room.nightlyMinor,
    });
    t.like(await confirmBookingChange(deps, actor, accepted.id, offer.offerId, ORIGIN), {
      status: 'CHANGED',
    });
    const after = await bookingRow(accepted.id);
    t.like(after, { amount_minor: room.nightlyMinor * 3 });
    t.like(after.details, { checkIn, checkOut: checkOut(3) });
    t.like((await chargesOf(accepted.id))[0], {
      status: 'succeeded',
      amount_minor: String(room.nightlyMinor),
    });
  },
);
