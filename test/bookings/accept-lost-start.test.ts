import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { DependencyUnavailableError } from '../../lib/dependencies';
import type { AppError } from '../../lib/errors';
import { createBooking } from '../../services/bookings';
import type { BookingsDeps } from '../../services/bookings/deps';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { useSagaHarness, type FlightPick } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';

/*
 * Issue 20.2: the API's Temporal start has a deadline. A start can reach Temporal and still fail
 * for the API (its answer lost, the deadline passed while Temporal was hung): the saga runs, so
 * its PENDING row must stay for it, and the client's retry with its key must find that booking.
 * Only a start the breaker refused before sending takes its row back.
 */

let h: SagaHarness;
let pick: FlightPick;
const ORIGIN = { ip: '203.0.113.35' };
useSagaHarness((stack) => ({ h, pick } = stack));

/** Deps whose Temporal start really happens (or not, `sent` false), then fails as a lost answer would. */
function startFailing(deps: BookingsDeps, sent: boolean): BookingsDeps {
  const real = deps.temporal.workflow;
  const workflow = new Proxy(real, {
    get(target, prop) {
      if (prop === 'start') {
        return async (...args: Parameters<typeof real.start>) => {
          if (sent) await target.start(...args);
          throw new DependencyUnavailableError('temporal', 5, sent);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const temporal = new Proxy(deps.temporal, {
    get: (target, prop) => (prop === 'workflow' ? workflow : Reflect.get(target, prop)),
  });
  return { ...deps, temporal };
}

async function booker() {
  const actor = await h.customer();
  const body = flightBooking(pick(), await createPaymentMethod(TEST_CARDS.succeeds));
  return { actor, body, key: randomUUID() };
}

test.serial(
  'SEC-IDEM-02 a start that reached Temporal but failed for the API keeps its PENDING row; the retry gets that booking and writes its booking.created once',
  async (t) => {
    const { actor, body, key } = await booker();
    const refused = await createBooking(startFailing(h.deps(), true), actor, body, key, ORIGIN).catch(
      (e: AppError) => e,
    );
    t.is((refused as AppError).status, 503);
    const rows = await bookingModels(h.sequelize).Booking.findAll({ where: { user_id: actor.id } });
    t.is(rows.length, 1, 'the row of the running saga stays');
    const description = await h.client.workflow.getHandle(rows[0]!.workflow_id).describe();
    t.is(description.status.name, 'RUNNING');
    const retry = await createBooking(h.deps(), actor, body, key, ORIGIN);
    t.is(retry.id, rows[0]!.id, 'the retry answers the booking whose saga runs');
    t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: actor.id } }), 1);
    // SEC-LOG-03: the lost start never wrote booking.created; the retry writes it, once.
    await createBooking(h.deps(), actor, body, key, ORIGIN);
    const created = await h.sequelize.query(
      `SELECT event_id FROM audit_events
        WHERE resource_type = 'booking' AND resource_id = $1 AND event_type = 'booking.created'`,
      { bind: [retry.id], type: QueryTypes.SELECT },
    );
    t.is(created.length, 1, 'booking.created written once, by the first retry');
  },
);

test.serial('SEC-IDEM-02 a start the breaker refused before sending takes its row back', async (t) => {
  const { actor, body, key } = await booker();
  const refused = await createBooking(startFailing(h.deps(), false), actor, body, key, ORIGIN).catch(
    (e: AppError) => e,
  );
  t.is((refused as AppError).status, 503);
  t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: actor.id } }), 0);
});
