import test from 'ava';
import { randomUUID } from 'node:crypto';
import { bookingModels } from '../../db/models/booking-models';
import { cancelBooking, createBooking, getBooking } from '../../services/bookings';
import type { BookingResult } from '../../workflows/bookings/messages';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { useSagaHarness, type FlightPick } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';

let h: SagaHarness;
let pick: FlightPick;
const ORIGIN = { ip: '203.0.113.21' };

useSagaHarness((stack) => ({ h, pick } = stack));

test('SEC-AUTHZ-03 the Stripe client secret of a booking waiting for 3-D Secure goes to the booker only: the company admin reading the same booking at the same moment gets clientSecret null', async (t) => {
  // Polls and the payment window far beyond the test: the booking stays waiting for 3-D Secure
  // until the test cancels it.
  const deps = h.deps({ paymentPollSeconds: 1_200, paymentWaitSeconds: 1_800 });
  const booker = await h.businessUser('BUSINESS_USER');
  const admin = await h.businessUser('BUSINESS_ADMIN', booker.companyId);
  const body = flightBooking(pick(), await createPaymentMethod(TEST_CARDS.requiresAction));
  const { id } = await createBooking(deps, booker, body, randomUUID(), ORIGIN);
  const booking = (await bookingModels(h.sequelize).Booking.findByPk(id))!;
  t.is(booking.company_id, booker.companyId);

  let secret: string | null = null;
  for (let i = 0; i < 1_200 && !secret; i++) {
    secret = (await getBooking(deps, booker, id, ORIGIN)).clientSecret ?? null;
    if (!secret) await new Promise((r) => setTimeout(r, 250));
  }
  if (!secret) return t.fail('the booker never saw a client secret while Stripe waits for 3-D Secure');
  t.regex(secret, /^pi_\w+_secret_\w+$/);

  // The admin may see the booking (same company), only without the secret.
  const seenByAdmin = await getBooking(deps, admin, id, ORIGIN);
  t.is(seenByAdmin.id, id);
  // The row's status follows the workflow's (recordBookingStatus), so it may still say HELD while
  // the workflow already holds the secret: either is a booking waiting for the customer.
  t.true(['HELD', 'AWAITING_PAYMENT'].includes(seenByAdmin.status), seenByAdmin.status);
  t.is(seenByAdmin.clientSecret ?? null, null);
  t.false(JSON.stringify(seenByAdmin).includes(secret));
  // Still the same moment: the booker, asking right after, still gets the secret.
  t.is((await getBooking(deps, booker, id, ORIGIN)).clientSecret, secret);

  t.like(await cancelBooking(deps, booker, id, ORIGIN), { status: 'CANCELLED' });
  const result = (await h.client.workflow.getHandle(booking.workflow_id).result()) as BookingResult;
  t.is(result.status, 'CANCELLED');
});
