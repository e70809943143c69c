import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { keyringOf } from '../../db/encrypted';
import { bookingModels } from '../../db/models/booking-models';
import type { AppError } from '../../lib/errors';
import { createBooking } from '../../services/bookings';
import { insertBooking } from '../../services/bookings/accept-rows';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { useSagaHarness, type FlightPick } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';

/*
 * Issue 20.1: an accept that died between writing the PENDING row and starting its saga leaves
 * a row with no workflow. Its replay (same Idempotency-Key) starts the saga; the start is
 * idempotent by workflow id, so a replay of a booking already running starts nothing more.
 */

let h: SagaHarness;
let pick: FlightPick;
const ORIGIN = { ip: '203.0.113.34' };
useSagaHarness((stack) => ({ h, pick } = stack));

/** The row an accept writes before its start, written alone: the process "died" right after. */
async function orphan() {
  const actor = await h.customer();
  const body = flightBooking(pick(), await createPaymentMethod(TEST_CARDS.succeeds));
  const key = randomUUID();
  await keyringOf(h.sequelize).userKey(actor.id, { create: true });
  const row = await insertBooking(h.sequelize, actor, body, key, null);
  return { actor, body, key, row };
}

const describeWorkflow = (id: string) =>
  h.client.workflow
    .getHandle(id)
    .describe()
    .then(
      (d) => d.status.name,
      () => 'NOT_FOUND',
    );

test.serial(
  'SEC-IDEM-02 a replay of a booking left PENDING without a saga starts it; the booking then confirms',
  async (t) => {
    const { actor, body, key, row } = await orphan();
    t.is(await describeWorkflow(row.workflow_id), 'NOT_FOUND', 'the orphan: a PENDING row and no workflow');
    const replay = await createBooking(h.deps(), actor, body, key, ORIGIN);
    t.is(replay.id, row.id, 'the same booking, never a second');
    t.is(await describeWorkflow(row.workflow_id), 'RUNNING');
    const result = (await h.client.workflow.getHandle(row.workflow_id).result()) as { status: string };
    t.is(result.status, 'CONFIRMED');
    t.is(await bookingModels(h.sequelize).Booking.count({ where: { user_id: actor.id } }), 1);
    // SEC-LOG-03: the accept that died wrote no booking.created; the replay that started the saga
    // does, and only it (a later replay starts nothing).
    await createBooking(h.deps(), actor, body, key, ORIGIN);
    const created = await h.sequelize.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_events WHERE event_type = 'booking.created' AND resource_id = $1",
      { bind: [row.id], type: QueryTypes.SELECT },
    );
    t.is(created[0]!.n, '1');
  },
);

test.serial(
  'SEC-IDEM-02 a replay of a PENDING booking for another amount is refused, and starts nothing',
  async (t) => {
    const { actor, body, key, row } = await orphan();
    const other = { ...body, amount: (Number(body.amount) + 1).toFixed(2) };
    const refused = await createBooking(h.deps(), actor, other, key, ORIGIN).catch((e: AppError) => e.code);
    t.is(refused, 'IDEMPOTENCY_KEY_MISMATCH');
    t.is(await describeWorkflow(row.workflow_id), 'NOT_FOUND');
  },
);
