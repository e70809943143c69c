import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import type { AuditEvent } from '../../lib/audit';
import {
  cancelBooking,
  confirmCancellationQuote,
  createBooking,
  getBooking,
  quoteCancellation,
} from '../../services/bookings';
import { confirmBookingChange, offerBookingChange } from '../../services/bookings/change-booking';
import type { HttpAnswer } from '../helpers/http-request';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking } from './helpers/booking-body';
import { plantBookingRow } from './helpers/booking-rows';
import type { BookingsApp } from './helpers/bookings-app';
import { useBookingsStack, type FlightPick } from './helpers/bookings-stack';
import type { SagaHarness } from './helpers/saga-harness';

let h: SagaHarness;
let app: BookingsApp;
let pick: FlightPick;

useBookingsStack((stack) => ({ h, app, pick } = stack));

/** Audit events of one type about one resource, as stored (the canonical record holds every field). */
async function eventsOf(type: string, resourceId: string): Promise<AuditEvent[]> {
  const rows = await h.sequelize.query<{ canonical: string }>(
    'SELECT canonical FROM audit_events WHERE event_type = :type AND resource_id = :id ORDER BY sequence',
    { type: QueryTypes.SELECT, replacements: { type, id: resourceId } },
  );
  return rows.map((r) => JSON.parse(r.canonical) as AuditEvent);
}

/** What a client sees of an error answer, without the fields that differ on every answer. */
const shown = (a: HttpAnswer) => ({
  status: a.status,
  code: a.json?.error_code,
  message: a.json?.message,
  keys: Object.keys(a.json ?? {}).sort(),
});

test.serial(
  'SEC-LOG-03 reading or cancelling another tenant’s booking answers the same 404 as a missing one and is audited as authz.access_denied naming the user, the booking and the origin IP',
  async (t) => {
    const owner = await h.customer();
    const bookingId = await plantBookingRow(h.sequelize, owner.id);
    const prober = await app.signIn('USER');
    const from = '127.9.3.17';
    const missing = randomUUID();
    const as = (method: 'GET' | 'POST', path: string) =>
      app.send({ method, path, localAddress: from }, prober);

    const read = await as('GET', `/api/v1/bookings/${bookingId}`);
    const readMissing = await as('GET', `/api/v1/bookings/${missing}`);
    t.is(read.status, 404);
    t.deepEqual(shown(read), shown(readMissing), 'the answer does not tell another tenant’s booking apart');
    const cancel = await as('POST', `/api/v1/bookings/${bookingId}/cancel`);
    const cancelMissing = await as('POST', `/api/v1/bookings/${missing}/cancel`);
    t.is(cancel.status, 404);
    t.deepEqual(shown(cancel), shown(cancelMissing));

    const denials = await eventsOf('authz.access_denied', bookingId);
    t.is(denials.length, 2, 'one denial per probe');
    for (const [denial, action] of [
      [denials[0], 'bookings.read'],
      [denials[1], 'bookings.cancel'],
    ] as const) {
      t.like(denial, {
        actor: { type: 'user', id: prober.id },
        outcome: 'denied',
        originIp: from,
        resource: { type: 'booking', id: bookingId },
        details: { reason: 'not_visible', action, code: 'NOT_FOUND' },
      });
    }
    t.is((await eventsOf('authz.access_denied', missing)).length, 0, 'a missing booking is no denial');
  },
);

test.serial(
  'SEC-LOG-03 probing another tenant’s booking through cancellation quotes and booking changes answers 404 and each probe is audited as authz.access_denied naming the prober',
  async (t) => {
    const owner = await h.customer();
    const bookingId = await plantBookingRow(h.sequelize, owner.id);
    const prober = await h.customer();
    const origin = { ip: '198.51.100.24', requestId: 'req-sec-log-03-quotes-changes' };
    const deps = h.deps();
    for (const probe of [
      () => quoteCancellation(deps, prober, bookingId, origin),
      () => confirmCancellationQuote(deps, prober, bookingId, randomUUID(), origin),
      () => offerBookingChange(deps, prober, bookingId, {} as never, origin),
      () => confirmBookingChange(deps, prober, bookingId, randomUUID(), origin),
    ]) {
      await t.throwsAsync(probe, { message: 'Booking not found' });
    }
    const denials = await eventsOf('authz.access_denied', bookingId);
    t.deepEqual(
      denials.map((e) => [e.actor.id, e.originIp, e.details.reason, e.details.action, e.details.requestId]),
      ['bookings.cancellation_quote', 'bookings.cancel', 'bookings.change', 'bookings.change'].map(
        (action) => [prober.id, origin.ip, 'not_visible', action, origin.requestId],
      ),
    );
  },
);

test.serial(
  'SEC-LOG-03 a refusal by the booking service itself (the route lets the request through) is audited with actor, origin and the refused action',
  async (t) => {
    const user = await app.signIn('USER');
    const from = '127.9.3.18';
    // `view_own_bookings` lets a USER through the route; only the service knows `scope=company`
    // needs `view_company_bookings`.
    const answer = await app.send(
      { method: 'GET', path: '/api/v1/bookings?scope=company', localAddress: from },
      user,
    );
    t.is(answer.status, 403);
    t.is(answer.json.error_code, 'ACCESS_DENIED');
    const [denial, ...more] = (await eventsOf('authz.access_denied', 'bookings.list_company')).filter(
      (e) => e.actor.id === user.id,
    );
    t.is(more.length, 0);
    t.like(denial, {
      actor: { type: 'user', id: user.id },
      outcome: 'denied',
      originIp: from,
      resource: { type: 'service', id: 'bookings.list_company' },
      details: { reason: 'forbidden', action: 'bookings.list_company', code: 'ACCESS_DENIED' },
    });
  },
);

test.serial(
  'SEC-LOG-03 a service called directly by an actor without the permission leaves an authz.access_denied row',
  async (t) => {
    const owner = await h.customer();
    const bookingId = await plantBookingRow(h.sequelize, owner.id);
    // PLATFORM_ADMIN does not hold `view_own_bookings` (lib/rbac/policy.ts): the service refuses.
    const admin = { id: randomUUID(), role: 'PLATFORM_ADMIN' as const, sessionId: randomUUID() };
    const origin = { ip: '198.51.100.23', requestId: 'req-sec-log-03-direct' };
    await t.throwsAsync(getBooking(h.deps(), admin, bookingId, origin), { message: 'Access denied' });
    const denials = await eventsOf('authz.access_denied', bookingId);
    t.is(denials.length, 1);
    t.like(denials[0], {
      actor: { type: 'admin', id: admin.id },
      resource: { type: 'booking', id: bookingId },
      originIp: origin.ip,
      details: { reason: 'forbidden', action: 'bookings.read', requestId: origin.requestId },
    });
  },
);

test.serial(
  'SEC-LOG-03 an administrator’s cancellation of a customer’s booking names the administrator, from their address, as the actor of booking.cancelled',
  async (t) => {
    t.timeout(600_000);
    // Polls and the payment window far beyond the test: the booking waits for 3-D Secure until
    // the administrator cancels it.
    const deps = h.deps({ paymentPollSeconds: 1_200, paymentWaitSeconds: 1_800 });
    const customer = await h.customer();
    const body = flightBooking(pick(), await createPaymentMethod(TEST_CARDS.requiresAction));
    const { id } = await createBooking(deps, customer, body, randomUUID(), { ip: '203.0.113.40' });
    const booking = (await bookingModels(h.sequelize).Booking.findByPk(id))!;
    for (let i = 0; i < 600; i += 1) {
      await booking.reload();
      if (booking.status === 'AWAITING_PAYMENT') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    t.is(booking.status, 'AWAITING_PAYMENT');

    const admin = { id: randomUUID(), role: 'PLATFORM_ADMIN' as const, sessionId: randomUUID() };
    const origin = { ip: '198.51.100.77', requestId: 'req-admin-cancel' };
    t.like(await cancelBooking(deps, admin, id, origin), { status: 'CANCELLED' });
    // The Update answers once the status is stored; the workflow audits it just after.
    await h.client.workflow.getHandle(booking.workflow_id).result();

    const cancelled = await eventsOf('booking.cancelled', id);
    t.is(cancelled.length, 1, 'one cancellation event, the administrator’s');
    t.like(cancelled[0], {
      actor: { type: 'admin', id: admin.id },
      outcome: 'success',
      originIp: origin.ip,
      resource: { type: 'booking', id },
      details: { reason: 'support', workflowId: booking.workflow_id, requestId: origin.requestId },
    });
    // The workflow still records the status change, as the system.
    const changes = (await eventsOf('booking.modified', id)).map((e) => [e.actor.id, e.details.change]);
    t.deepEqual(changes.at(-1), ['booking-workflow', 'status:CANCELLED']);
  },
);

test.serial(
  'SEC-LOG-03 a company admin reading a colleague’s booking is audited as admin.action booking.read naming the admin; the booker’s own read is not',
  async (t) => {
    const colleague = await h.businessUser('BUSINESS_USER');
    const admin = await h.businessUser('BUSINESS_ADMIN', colleague.companyId);
    const bookingId = await plantBookingRow(h.sequelize, colleague.id);
    await bookingModels(h.sequelize).Booking.update(
      { company_id: colleague.companyId },
      { where: { id: bookingId } },
    );
    const origin = { ip: '198.51.100.61', requestId: 'req-staff-read' };
    await getBooking(h.deps(), colleague, bookingId, origin);
    t.deepEqual(await eventsOf('admin.action', bookingId), [], 'the booker reading their own booking');
    await getBooking(h.deps(), admin, bookingId, origin);
    const [read, ...more] = await eventsOf('admin.action', bookingId);
    t.is(more.length, 0);
    t.like(read, {
      actor: { type: 'user', id: admin.id },
      outcome: 'success',
      originIp: origin.ip,
      resource: { type: 'booking', id: bookingId },
      details: { action: 'booking.read', requestId: origin.requestId },
    });
  },
);
