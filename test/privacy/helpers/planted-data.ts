import { randomInt, randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../../db/models/booking-models';
import { identityModels } from '../../../db/models/identity';
import { paymentModels } from '../../../db/models/payment-models';
import type { Actor } from '../../../lib/rbac';
import { createBooking, quoteCancellation } from '../../../services/bookings';
import { requestRefund } from '../../../services/refunds';
import type { BookingResult } from '../../../workflows/bookings/messages';
import { flightBooking, flightPicker } from '../../bookings/helpers/booking-body';
import { createPaymentMethod, TEST_CARDS } from '../../payments/helpers/stripe-stack';
import { ORIGIN } from '../../refunds/helpers/refunds-stack';
import type { ExportStack, ExportUser } from './export-stack';

/** Letters only (names refuse digits), random enough that two users never share one. */
const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join('');
const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** Every value planted for one user: what their export must hold, and another's must not. */
export interface Planted {
  userId: string;
  email: string;
  phone: string;
  profilePassport: string;
  passengerLastName: string;
  passengerPassport: string;
  notes: string;
  bookingId: string;
  reviewBookingId: string;
  paymentId: string;
  refundRequestId: string;
  quoteId: string;
  changeChargeId: string;
  reviewId: string;
  reviewTitle: string;
  /** Never in any export: the Stripe ids of the payment, the TOTP secret, the password. */
  secrets: string[];
}

type Picker = Awaited<ReturnType<typeof flightPicker>>;

/** A CONFIRMED flight booking of `actor` through the real saga, with this passenger and notes. */
async function sagaBooking(
  x: ExportStack,
  pick: Picker,
  actor: Actor,
  lastName: string,
  passport: string,
  notes: string,
) {
  const body = {
    ...flightBooking(pick(), await createPaymentMethod(TEST_CARDS.succeeds)),
    passengers: [{ firstName: 'Grace', lastName, dateOfBirth: '1985-04-02', passportNumber: passport }],
    notes,
  };
  const accepted = await createBooking(x.s.saga.deps(), actor, body, randomUUID(), ORIGIN);
  const [row] = await x.s.saga.sequelize.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM bookings WHERE id = $1',
    { bind: [accepted.id], type: QueryTypes.SELECT },
  );
  const result = (await x.s.saga.client.workflow.getHandle(row!.workflow_id).result()) as BookingResult;
  if (result.status !== 'CONFIRMED') throw new Error(`booking ended ${result.status}`);
  return accepted.id;
}

/**
 * Plants one of each kind of personal datum for `who`: profile (phone, passport, birth date), a
 * booking through the saga (passenger, notes, payment captured by Stripe), a refund request and a
 * cancellation quote through their services, a change charge and a review of an ended stay as
 * rows (their own flows need a supplier change and a finished stay).
 */
export async function plantEverything(x: ExportStack, pick: Picker, who: ExportUser): Promise<Planted> {
  const db = x.s.saga.sequelize;
  const actor: Actor = { id: who.id, role: 'USER', sessionId: randomUUID() };
  const tag = letters(10);
  const phone = `+3519${digits(8)}`;
  const profilePassport = `P${digits(8)}`;
  const profile = await identityModels(db).CustomerProfile.findOne({ where: { user_id: who.id } });
  if (!profile) throw new Error('signup made no profile');
  Object.assign(profile, { phone, passport_number: profilePassport, date_of_birth: '1985-04-02' });
  await profile.save();

  const passengerLastName = `Hopper ${tag}`;
  const passengerPassport = `Z${digits(9)}`;
  const notes = `Aisle seat please ${tag}`;
  const bookingId = await sagaBooking(x, pick, actor, passengerLastName, passengerPassport, notes);
  const payment = await paymentModels(db).Payment.findOne({ where: { booking_id: bookingId } });
  if (!payment) throw new Error('no payment row');

  const quote = await quoteCancellation(x.s.saga.deps(), actor, bookingId, ORIGIN);
  const refund = await requestRefund(
    x.s.deps(),
    actor,
    bookingId,
    { amountMinor: 100, reason: 'customer_request' },
    randomUUID(),
    ORIGIN,
  );
  const changeChargeId = randomUUID();
  await db.query(
    `INSERT INTO booking_change_charges (id, booking_id, amount_minor, currency, status)
     VALUES ($1, $2, 777, $3, 'succeeded')`,
    { bind: [changeChargeId, bookingId, payment.currency] },
  );

  const ended = await bookingModels(db).Booking.create({
    user_id: who.id,
    company_id: null,
    idempotency_key: randomUUID(),
    workflow_id: `booking-${who.id}-${randomUUID()}`,
    status: 'CONFIRMED',
    kind: 'hotel',
    supplier: 'hotel',
    amount_minor: 20_000,
    currency: 'EUR',
    details: {
      hotelId: 'H000001',
      roomType: 'double',
      checkIn: '2026-11-01',
      checkOut: '2026-11-03',
      rooms: 1,
      guests: 2,
    },
    starts_at: new Date('2026-11-01T15:00:00Z'),
  });
  const reviewId = randomUUID();
  const reviewTitle = `Quiet room ${tag}`;
  await db.query(
    `INSERT INTO reviews (id, booking_id, user_id, kind, hotel_id, overall, cleanliness, location, service, value, title, body)
     VALUES ($1, $2, $3, 'hotel', 'H000001', 4, 5, 4, 4, 3, $4, 'Kind staff.')`,
    { bind: [reviewId, ended.id, who.id, reviewTitle] },
  );
  return {
    userId: who.id,
    email: who.email,
    phone,
    profilePassport,
    passengerLastName,
    passengerPassport,
    notes,
    bookingId,
    reviewBookingId: ended.id,
    paymentId: payment.id,
    refundRequestId: refund.id,
    quoteId: quote.id,
    changeChargeId,
    reviewId,
    reviewTitle,
    secrets: [
      payment.stripe_payment_method_id,
      payment.stripe_payment_intent_id ?? 'no intent id',
      who.totpSecret ?? 'no secret',
      who.password,
    ],
  };
}

/** The planted values an export may show (everything but the secrets). */
export const shownValues = (p: Planted) =>
  Object.entries(p)
    .filter(([key]) => key !== 'secrets')
    .map(([key, value]) => [key, value as string] as const);
