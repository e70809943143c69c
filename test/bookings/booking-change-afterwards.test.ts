import test from 'ava';
import { paymentModels } from '../../db/models/payment-models';
import { cancelBooking, confirmCancellationQuote, quoteCancellation } from '../../services/bookings';
import { platformPayments, platformRefunds } from '../../activities/payments/reconciliation-data';
import { compareCharge, compareStripeRefund } from '../../services/reconciliation/findings';
import { confirmBookingChange, offerBookingChange } from '../../services/bookings/change-booking';
import { localstripeObject } from '../payments/helpers/stripe-stack';
import { useSagaHarness } from './helpers/bookings-stack';
import { changeFixtures, toFlight } from './helpers/change-fixtures';
import type { SagaHarness } from './helpers/saga-harness';

/*
 * Issue 18.2, what a change leaves for later: a hotel stay's new dates, and a cancellation after a
 * change that cost more (its charge comes back with the booking's payment).
 */

let h: SagaHarness;
const ORIGIN = { ip: '203.0.113.35' };
useSagaHarness((stack) => ({ h } = stack));
const { pair, confirmedOn, hotelRoom, confirmedStay, bookingRow, chargesOf } = changeFixtures(
  () => h,
  ORIGIN,
);

test.serial(
  'a hotel stay made a night longer: priced at the extra night, charged once, the booking takes the new dates',
  async (t) => {
    // Three weeks out: free to cancel on every hotel's terms, so the change carries no penalty.
    const stay = await hotelRoom(21, 3);
    const { room, checkIn, checkOut } = stay;
    const { actor, deps, id } = await confirmedStay(stay, 2);
    const offer = await offerBookingChange(deps, actor, id, { hotel: { checkOut: checkOut(3) } }, ORIGIN);
    t.like(offer, {
      available: true,
      newTotalMinor: room.nightlyMinor * 3,
      differenceMinor: room.nightlyMinor,
    });
    t.like(await confirmBookingChange(deps, actor, id, offer.offerId, ORIGIN), {
      status: 'CHANGED',
    });
    const after = await bookingRow(id);
    t.like(after, { amount_minor: room.nightlyMinor * 3 });
    t.like(after.details, { checkIn, checkOut: checkOut(3) });
    t.like((await chargesOf(id))[0], {
      status: 'succeeded',
      amount_minor: String(room.nightlyMinor),
    });
  },
);

test.serial(
  'a booking changed to a dearer flight, then cancelled while free: the change’s charge and the booking’s payment both come back',
  async (t) => {
    const [from, to] = await pair(true);
    const b = await confirmedOn(from);
    const offer = await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
    await confirmBookingChange(b.deps, b.actor, b.booking.id, offer.offerId, ORIGIN);
    const charged = to.fareMinor - from.fareMinor;

    const quote = await quoteCancellation(b.deps, b.actor, b.booking.id, ORIGIN);
    t.like(quote, { phase: 'free', refundMinor: from.fareMinor + charged });
    const done = await confirmCancellationQuote(b.deps, b.actor, b.booking.id, quote.id, ORIGIN);
    t.deepEqual(done, { id: b.booking.id, status: 'CANCELLED', refundedMinor: from.fareMinor + charged });

    const charge = await paymentModels(h.sequelize).BookingChangeCharge.findByPk(offer.offerId);
    t.like(charge?.get({ plain: true }), { status: 'succeeded', cancellation_refunded_minor: charged });
    const changeIntent = await localstripeObject<{ latest_charge: { amount_refunded: number } | null }>(
      `/v1/payment_intents/${charge!.stripe_payment_intent_id}`,
    );
    t.is(changeIntent.latest_charge?.amount_refunded, charged);
    const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: b.booking.id } });
    t.is(payment!.refunded_minor, from.fareMinor);
  },
);

test.serial(
  'SEC-PAY-02 reconciliation knows a change’s charge and the cancellation’s refund of it: Stripe’s objects find their platform rows, no finding',
  async (t) => {
    const [from, to] = await pair(true);
    const b = await confirmedOn(from);
    const offer = await offerBookingChange(b.deps, b.actor, b.booking.id, toFlight(to), ORIGIN);
    await confirmBookingChange(b.deps, b.actor, b.booking.id, offer.offerId, ORIGIN);
    await cancelBooking(b.deps, b.actor, b.booking.id, ORIGIN);

    const models = paymentModels(h.sequelize);
    const window = [Date.now() - 3_600_000, Date.now() + 3_600_000] as const;
    const payments = await platformPayments(models, ...window);
    const charge = (await models.BookingChangeCharge.findByPk(offer.offerId))!;
    const platform = payments.find((p) => p.paymentIntentId === charge.stripe_payment_intent_id);
    t.like(platform, { id: charge.id, bookingId: b.booking.id, amountMinor: to.fareMinor - from.fareMinor });

    const intent = await localstripeObject<{
      latest_charge: { id: string; amount: number; currency: string; captured: boolean };
    }>(`/v1/payment_intents/${charge.stripe_payment_intent_id}`);
    const stripeCharge = intent.latest_charge;
    t.deepEqual(
      compareCharge(
        {
          id: stripeCharge.id,
          paymentIntentId: charge.stripe_payment_intent_id,
          amountMinor: stripeCharge.amount,
          currency: stripeCharge.currency.toUpperCase(),
          captured: stripeCharge.captured,
        },
        platform,
      ),
      [],
    );
    const { data: stripeRefunds } = await localstripeObject<{ data: { id: string; amount: number }[] }>(
      `/v1/refunds?charge=${stripeCharge.id}`,
    );
    t.is(stripeRefunds.length, 1);
    const refunds = await platformRefunds(models, ...window);
    for (const r of stripeRefunds) {
      const mine = refunds.find((p) => p.stripeRefundId === r.id);
      t.truthy(mine, 'the cancellation’s refund of the change charge is the platform’s');
      t.deepEqual(compareStripeRefund({ id: r.id, amountMinor: r.amount }, mine), []);
    }
  },
);
