import { randomUUID } from 'node:crypto';
import type { FlightInventory } from '../../../activities/suppliers';
import { bookingModels } from '../../../db/models/booking-models';
import { createBooking } from '../../../services/bookings';
import { bookingStateQuery } from '../../../services/bookings/booking-saga';
import type { Actor } from '../../../lib/rbac';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BookingResult } from '../../../workflows/bookings/messages';
import { createPaymentMethod } from '../../payments/helpers/stripe-stack';
import { flightBooking } from './booking-body';
import { simUrl, type SagaHarness } from './saga-harness';

/**
 * A new customer books `flight` with a PaymentMethod of `card` through the booking service (the
 * saga's `timeouts` narrowed for the test): the accepted booking, its row and its workflow.
 */
export async function bookThroughSaga(
  h: SagaHarness,
  flight: FlightInventory,
  card: string,
  origin: Parameters<typeof createBooking>[4],
  timeouts: Parameters<SagaHarness['deps']>[0] = {},
  booker?: Actor,
) {
  const actor = booker ?? (await h.customer());
  const deps = h.deps(timeouts);
  const body = flightBooking(flight, await createPaymentMethod(card));
  const accepted = await createBooking(deps, actor, body, randomUUID(), origin);
  const booking = (await bookingModels(h.sequelize).Booking.findByPk(accepted.id))!;
  const handle = h.client.workflow.getHandle(booking.workflow_id);
  return { actor, deps, accepted, booking, handle, result: () => handle.result() as Promise<BookingResult> };
}

/** The stack simulator's hold of a booking (the first, keyed booking/<id>/hold). */
export async function supplierHoldOf(bookingId: string) {
  const res = await fetch(
    `${simUrl()}/_control/holds?token=${encodeURIComponent(`booking/${bookingId}/hold`)}`,
  );
  const { holds } = (await res.json()) as { holds: { status: string }[] };
  return holds[0];
}

/**
 * Waits (bounded by count, not time) until the booking is CONFIRMED in its workflow and in its
 * row, its workflow still open for cancellations (book with a long `cancelWindowSeconds`).
 */
export async function untilConfirmed(h: SagaHarness, booking: Awaited<ReturnType<typeof bookThroughSaga>>) {
  for (let i = 0; i < 300; i += 1) {
    const state = await booking.handle.query(bookingStateQuery);
    if (state.status === 'CONFIRMED') {
      const row = await bookingModels(h.sequelize).Booking.findByPk(booking.booking.id);
      if (row?.status === 'CONFIRMED') return booking;
    }
    if (state.status === 'FAILED' || state.status === 'CANCELLED') throw new Error(`booking ${state.status}`);
    await sleep(200);
  }
  throw new Error('booking never confirmed');
}
