import test from 'ava';
import { QueryTypes } from 'sequelize';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSupplierAdapters, type FlightInventory } from '../../activities/suppliers';
import { paymentModels } from '../../db/models/payment-models';
import { errors } from '../../lib/errors';
import {
  cancelBooking,
  confirmCancellationQuote,
  getBooking,
  quoteCancellation,
} from '../../services/bookings';
import { bookingStateQuery, cancelBookingUpdate } from '../../services/bookings/booking-saga';
import { freeCancellationUntil } from '../../services/bookings/cancellation-policy';
import { localstripeObject, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { useSagaHarness, type FlightPick } from './helpers/bookings-stack';
import { bookThroughSaga, untilConfirmed } from './helpers/saga-booking';
import type { SagaHarness } from './helpers/saga-harness';

let h: SagaHarness;
let pick: FlightPick;
let lateFlights: FlightInventory[] | undefined;
const ORIGIN = { ip: '203.0.113.31' };
/** Long enough for the tests to cancel a CONFIRMED booking through its workflow. */
const OPEN = { cancelWindowSeconds: 600 };

useSagaHarness((stack) => ({ h, pick } = stack));

/** Flights past their free deadline, a day or more before departure: a cancellation is late. */
async function findLateFlights(): Promise<FlightInventory[]> {
  const found: FlightInventory[] = [];
  const { adapters, shutdown } = createSupplierAdapters(h.config, { headers: { 'x-sim-scope': h.scope } });
  const now = Date.now();
  for (let cursor: string | null = null, pages = 0; pages < 20 && found.length < 20; pages += 1) {
    const page = await adapters.flight.feedPage(cursor, 1000);
    found.push(
      ...(page.items as FlightInventory[]).filter((f) => {
        const departs = Date.parse(f.departureAt);
        return (
          ['EUR', 'USD', 'GBP'].includes(f.currency) &&
          f.seatsLeft >= 3 &&
          f.cancellation.lateDeductionPercent > 0 &&
          f.cancellation.lateDeductionPercent < 100 &&
          departs > now + 86_400_000 &&
          freeCancellationUntil(f.cancellation, new Date(departs)).getTime() < now - 3_600_000
        );
      }),
    );
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  shutdown();
  return found;
}

/** A booking through the whole saga, CONFIRMED and still cancellable through its workflow. */
async function confirmed(flight = pick()) {
  return {
    ...(await untilConfirmed(h, await bookThroughSaga(h, flight, TEST_CARDS.succeeds, ORIGIN, OPEN))),
    flight,
  };
}

async function paymentOf(bookingId: string) {
  const row = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: bookingId } });
  return {
    captured: Number(row!.captured_minor),
    refunded: Number(row!.refunded_minor),
    intent: row!.stripe_payment_intent_id!,
  };
}

async function stripeRefunded(intentId: string): Promise<number> {
  const pi = await localstripeObject<{ latest_charge: { amount_refunded: number } | null }>(
    `/v1/payment_intents/${intentId}`,
  );
  return pi.latest_charge?.amount_refunded ?? 0;
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code ?? String(err),
  );

test.serial(
  'a booking shows the terms its supplier held it on; a quote in the free phase refunds everything, and confirming it cancels at that price',
  async (t) => {
    const b = await confirmed();
    const view = await getBooking(b.deps, b.actor, b.booking.id, ORIGIN);
    const departs = new Date(b.flight.departureAt);
    t.deepEqual(view.cancellation, {
      ...b.flight.cancellation,
      startsAt: departs.toISOString(),
      freeUntil: freeCancellationUntil(b.flight.cancellation, departs).toISOString(),
    });

    const { captured, intent } = await paymentOf(b.booking.id);
    const quote = await quoteCancellation(b.deps, b.actor, b.booking.id, ORIGIN);
    t.like(quote, {
      bookingId: b.booking.id,
      phase: 'free',
      refundMinor: captured,
      deductionMinor: 0,
      status: 'open',
    });
    t.true(Date.parse(quote.expiresAt) <= Date.now() + 900_000, 'a quote holds the configured time at most');

    const done = await confirmCancellationQuote(b.deps, b.actor, b.booking.id, quote.id, ORIGIN);
    t.deepEqual(done, { id: b.booking.id, status: 'CANCELLED', refundedMinor: captured });
    t.is((await paymentOf(b.booking.id)).refunded, captured);
    t.is(await stripeRefunded(intent), captured);
    const [row] = await h.sequelize.query<{ status: string }>(
      'SELECT status FROM cancellation_quotes WHERE id = $1',
      {
        bind: [quote.id],
        type: QueryTypes.SELECT,
      },
    );
    t.is(row!.status, 'settled');
  },
);

test.serial(
  'after the free deadline the quote keeps the fare’s deduction, and the cancellation refunds exactly the quoted amount',
  async (t) => {
    lateFlights ??= await findLateFlights();
    if (lateFlights.length === 0) return t.fail('the simulator has no flight past its free deadline');
    const b = await confirmed(lateFlights[Math.floor(Math.random() * lateFlights.length)]!);
    const { captured, intent } = await paymentOf(b.booking.id);
    const quote = await quoteCancellation(b.deps, b.actor, b.booking.id, ORIGIN);
    const deduction = Math.round((captured * b.flight.cancellation.lateDeductionPercent) / 100);
    t.like(quote, { phase: 'late', deductionMinor: deduction, refundMinor: captured - deduction });
    t.is(quote.expiresAt <= b.flight.departureAt ? 'ok' : quote.expiresAt, 'ok');

    const done = await confirmCancellationQuote(b.deps, b.actor, b.booking.id, quote.id, ORIGIN);
    t.deepEqual(done, { id: b.booking.id, status: 'CANCELLED', refundedMinor: captured - deduction });
    t.is(await stripeRefunded(intent), captured - deduction);
  },
);

test.serial(
  'only the latest quote confirms: an older one is refused as superseded and changes nothing',
  async (t) => {
    const b = await confirmed();
    const first = await quoteCancellation(b.deps, b.actor, b.booking.id, ORIGIN);
    const second = await quoteCancellation(b.deps, b.actor, b.booking.id, ORIGIN);
    t.is(
      await codeOf(confirmCancellationQuote(b.deps, b.actor, b.booking.id, first.id, ORIGIN)),
      'QUOTE_SUPERSEDED',
    );
    t.is((await b.handle.query(bookingStateQuery)).status, 'CONFIRMED');
    t.is((await paymentOf(b.booking.id)).refunded, 0);
    t.like(await confirmCancellationQuote(b.deps, b.actor, b.booking.id, second.id, ORIGIN), {
      status: 'CANCELLED',
    });
    t.is(
      await codeOf(confirmCancellationQuote(b.deps, b.actor, b.booking.id, second.id, ORIGIN)),
      'QUOTE_NOT_OPEN',
      'a quote confirms once',
    );
  },
);

test.serial('an expired quote is refused and changes nothing; a new quote then confirms', async (t) => {
  const b = await confirmed();
  const shortLived = { ...b.deps, timeouts: { ...b.deps.timeouts, cancellationQuoteTtlSeconds: 1 } };
  const quote = await quoteCancellation(shortLived, b.actor, b.booking.id, ORIGIN);
  await sleep(1_100);
  t.is(
    await codeOf(confirmCancellationQuote(b.deps, b.actor, b.booking.id, quote.id, ORIGIN)),
    'QUOTE_EXPIRED',
  );
  t.is((await b.handle.query(bookingStateQuery)).status, 'CONFIRMED');
  t.is((await paymentOf(b.booking.id)).refunded, 0);
  const fresh = await quoteCancellation(b.deps, b.actor, b.booking.id, ORIGIN);
  t.like(await confirmCancellationQuote(b.deps, b.actor, b.booking.id, fresh.id, ORIGIN), {
    status: 'CANCELLED',
  });
});

test.serial(
  'POST /cancel on a CONFIRMED booking is a quote confirmed at once: the refund follows the terms',
  async (t) => {
    const b = await confirmed();
    const { captured } = await paymentOf(b.booking.id);
    t.deepEqual(await cancelBooking(b.deps, b.actor, b.booking.id, ORIGIN), {
      id: b.booking.id,
      status: 'CANCELLED',
      refundedMinor: captured,
    });
    const quotes = await h.sequelize.query<{ status: string; refund_minor: string }>(
      'SELECT status, refund_minor FROM cancellation_quotes WHERE booking_id = $1',
      { bind: [b.booking.id], type: QueryTypes.SELECT },
    );
    t.deepEqual(quotes, [{ status: 'settled', refund_minor: String(captured) }]);
    t.is(await codeOf(quoteCancellation(b.deps, b.actor, b.booking.id, ORIGIN)), 'BOOKING_NOT_CANCELLABLE');
  },
);

test.serial('the workflow refuses a quoted refund above the booked amount, whoever sends it', async (t) => {
  const b = await confirmed();
  const refused = b.handle.executeUpdate(cancelBookingUpdate, {
    args: [{ reason: 'support', refundMinor: b.booking.amount_minor + 1 }],
  });
  await t.throwsAsync(refused, { message: /Workflow Update failed/ });
  t.is((await b.handle.query(bookingStateQuery)).status, 'CONFIRMED');
  await b.handle.executeUpdate(cancelBookingUpdate, { args: [{ reason: 'support', refundMinor: 0 }] });
  t.is((await paymentOf(b.booking.id)).refunded, 0, 'a quoted 0 refunds nothing, whatever the supplier says');
});

test.serial(
  'a quote is the booker’s or support’s: another customer gets 404, and nothing is quoted',
  async (t) => {
    const b = await confirmed();
    const stranger = await h.customer();
    t.is(
      await codeOf(quoteCancellation(b.deps, stranger, b.booking.id, ORIGIN)),
      errors.notFound('Booking').code,
    );
    const [row] = await h.sequelize.query<{ n: string }>(
      'SELECT count(*) AS n FROM cancellation_quotes WHERE booking_id = $1',
      { bind: [b.booking.id], type: QueryTypes.SELECT },
    );
    t.is(row!.n, '0');
    await cancelBooking(b.deps, b.actor, b.booking.id, ORIGIN);
  },
);
