import test from 'ava';
import { replayBookingHistory } from './helpers/booking-replay';
import { QueryTypes } from 'sequelize';
import { paymentModels } from '../../db/models/payment-models';
import { confirmBookingChange, offerBookingChange } from '../../services/bookings/change-booking';
import { localstripeObject, proxyRequests } from '../payments/helpers/stripe-stack';
import { useSagaHarness } from './helpers/bookings-stack';
import { supplierHoldOf } from './helpers/saga-booking';
import { changeFixtures, codeOf, toFlight } from './helpers/change-fixtures';
import { simUrl, type SagaHarness } from './helpers/saga-harness';

/*
 * Issue 18.2 on the real stack: a CONFIRMED flight booking changed to another flight through the
 * saga's offer and confirmation Updates, the difference charged or refunded at localstripe, the
 * supplier simulator holding, confirming and cancelling; every failure leaves the booking as it was.
 */

let h: SagaHarness;
const ORIGIN = { ip: '203.0.113.33' };
useSagaHarness((stack) => ({ h } = stack));
const { pair, confirmedOn, bookingRow, chargesOf } = changeFixtures(() => h, ORIGIN);

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
    // The history replays as it ran: the taken offer is not state only a validator set (validators
    // do not run on replay).
    await t.notThrowsAsync(replayBookingHistory(h.sequelize, b.handle));
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
