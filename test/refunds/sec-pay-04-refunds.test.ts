import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { BOOKING_ID } from '../../lib/temporal/search-attributes';
import { AppError } from '../../lib/errors';
import {
  approveRefund,
  denyRefund,
  listRefunds,
  refundWorkflowId,
  requestRefund,
} from '../../services/refunds';
import { approveRefundUpdate } from '../../services/refunds/refund-saga';
import { proxyRequests } from '../payments/helpers/stripe-stack';
import { ORIGIN, refundsStack, type RefundsStack } from './helpers/refunds-stack';

/*
 * Refund requests (SEC-PAY-04, issue 17.3) on the real stack: a CONFIRMED, captured booking from
 * the saga, the refund workflow on the bookings pool, Stripe refunds at localstripe.
 */

let s: RefundsStack;

test.before(async () => {
  s = await refundsStack();
});
test.after.always(async () => s?.close());

const codeOf = async (p: Promise<unknown>) =>
  (
    (await p.then(
      () => undefined,
      (e: unknown) => e,
    )) as AppError | undefined
  )?.code;

type RequestArgs = Parameters<typeof requestRefund>;
/** A refund request with a fresh Idempotency-Key, from the test's origin. */
const newRefund = (
  deps: RequestArgs[0],
  actor: RequestArgs[1],
  bookingId: string,
  amountMinor: number,
  reason: RequestArgs[3]['reason'],
) => requestRefund(deps, actor, bookingId, { amountMinor, reason }, randomUUID(), ORIGIN);

async function paymentOf(bookingId: string) {
  const [row] = await s.saga.sequelize.query<{ captured_minor: string; refunded_minor: string }>(
    'SELECT captured_minor, refunded_minor FROM payments WHERE booking_id = $1',
    { bind: [bookingId], type: QueryTypes.SELECT },
  );
  return { captured: Number(row!.captured_minor), refunded: Number(row!.refunded_minor) };
}

test('SEC-PAY-04 under the threshold: the booker asks, one admin approves, Stripe refunds with refund/<id>; SEC-LOG-03 request, approval and issue audited with their actors', async (t) => {
  const { booker, bookingId, capturedMinor } = await s.confirmedBooking();
  const deps = s.deps({ approvalThresholdMinor: capturedMinor });
  const admin = await s.admin();
  const amount = Math.floor(capturedMinor / 3);
  const refund = await newRefund(deps, booker, bookingId, amount, 'customer_request');
  t.like(refund, { status: 'pending', fourEyes: false, amountMinor: amount });
  t.true((await listRefunds(deps, admin.actor, 'pending', ORIGIN)).some((r) => r.id === refund.id));
  t.is(await codeOf(listRefunds(deps, booker, 'pending', ORIGIN)), 'ACCESS_DENIED');
  // SEC-LOG-03: the service's own refusal is audited, naming the booker.
  const listDenials = (await s.auditOf('refunds.list')).filter((e) => e.actor.id === booker.id);
  t.is(listDenials.length, 1);
  t.like(listDenials[0], {
    type: 'authz.access_denied',
    outcome: 'denied',
    originIp: ORIGIN.ip,
    details: { reason: 'forbidden', action: 'refunds.list', requestId: ORIGIN.requestId },
  });
  t.is(await codeOf(approveRefund(deps, booker, refund.id, {}, ORIGIN)), 'ACCESS_DENIED');

  const state = await approveRefund(deps, admin.actor, refund.id, {}, ORIGIN);
  t.is(state.status, 'issued');
  t.like(await s.refundRow(refund.id), { status: 'issued', decided_by: admin.actor.id });
  t.deepEqual(await paymentOf(bookingId), { captured: capturedMinor, refunded: amount });
  const stripeCalls = await proxyRequests({ idempotency_key: `refund/${refund.id}` });
  t.true(stripeCalls.length >= 1);
  t.true(stripeCalls.every((r) => r.path === '/v1/refunds'));

  const events = await s.auditOf(refund.id);
  t.deepEqual(
    events.map((e) => [e.type, e.outcome, e.actor.type, e.actor.id]),
    [
      ['refund.requested', 'success', 'user', booker.id],
      ['refund.approved', 'denied', 'user', booker.id],
      ['refund.approved', 'success', 'admin', admin.actor.id],
      ['refund.issued', 'success', 'system', 'refund-workflow'],
    ],
  );
  t.like(events[0], { originIp: ORIGIN.ip, resource: { type: 'refund', id: refund.id } });
  t.like(events[0]!.details, { amountMinor: amount, reason: 'customer_request' });
  t.like(events[2]!.details, { amountMinor: amount, approval: 1 });
});

test('SEC-PAY-04 a request names a reason from the allowlist, stays within what is refundable and is the booker’s own', async (t) => {
  const { booker, bookingId, capturedMinor } = await s.confirmedBooking();
  const deps = s.deps();
  const other = await s.saga.customer();
  const ask = (actor = booker, amountMinor = 1, reason = 'duplicate') =>
    codeOf(requestRefund(deps, actor, bookingId, { amountMinor, reason } as never, randomUUID(), ORIGIN));
  t.is(await ask(booker, 1, 'because'), 'VALIDATION_FAILED');
  t.is(await ask(booker, 0), 'VALIDATION_FAILED');
  t.is(await ask(other), 'NOT_FOUND');
  // The booker's terms never give back more than was captured; support meets the refundable bound.
  t.is(await ask(booker, capturedMinor + 1), 'REFUND_OUTSIDE_TERMS');
  const support = (await s.admin()).actor;
  t.is(await ask(support, capturedMinor + 1), 'REFUND_EXCEEDS_REFUNDABLE');
  const refused = await s.auditOf(bookingId);
  t.deepEqual(
    refused.filter((e) => e.type === 'refund.requested').map((e) => [e.outcome, e.actor.id]),
    [
      ['denied', other.id],
      ['failure', booker.id],
      ['failure', support.id],
    ],
  );
});

test('SEC-PAY-04 above the threshold: the requesting admin cannot approve or deny, nor anyone approve without a step-up; the workflow refuses an approval without one; SEC-LOG-03 each refusal audited with its actor', async (t) => {
  const { bookingId, capturedMinor } = await s.confirmedBooking();
  const deps = s.deps({ approvalThresholdMinor: 1 });
  const requester = await s.admin();
  const second = await s.admin();
  const refund = await newRefund(deps, requester.actor, bookingId, capturedMinor, 'service_failure');
  t.true(refund.fourEyes);
  t.is(
    await codeOf(
      approveRefund(deps, requester.actor, refund.id, { mfaCode: await requester.freshCode() }, ORIGIN),
    ),
    'REFUND_FOUR_EYES',
  );
  t.is(
    await codeOf(denyRefund(deps, requester.actor, refund.id, 'not_eligible', ORIGIN)),
    'REFUND_FOUR_EYES',
  );
  t.is(await codeOf(approveRefund(deps, second.actor, refund.id, {}, ORIGIN)), 'MFA_STEP_UP_REQUIRED');
  t.is(
    await codeOf(approveRefund(deps, second.actor, refund.id, { mfaCode: '000000' }, ORIGIN)),
    'MFA_STEP_UP_REQUIRED',
  );
  // Past the service, the workflow's validator holds the same line.
  const handle = s.saga.client.workflow.getHandle((await refundWorkflowIdOf(refund.id))!);
  await t.throwsAsync(
    handle.executeUpdate(approveRefundUpdate, { args: [{ approver: second.actor, steppedUp: false }] }),
  );
  await t.throwsAsync(
    handle.executeUpdate(approveRefundUpdate, { args: [{ approver: requester.actor, steppedUp: true }] }),
  );
  t.is((await s.refundRow(refund.id)).status, 'pending');
  t.is((await paymentOf(bookingId)).refunded, 0);
  const denied = (await s.auditOf(refund.id)).filter((e) => e.type === 'refund.approved');
  t.deepEqual(
    denied.map((e) => [e.outcome, e.actor.id]),
    [
      ['denied', requester.actor.id],
      ['denied', second.actor.id],
      ['denied', second.actor.id],
    ],
  );
  // SEC-LOG-03: the requester's refused denial is audited too, naming the requester.
  const refusedDenials = (await s.auditOf(refund.id)).filter((e) => e.type === 'refund.denied');
  t.deepEqual(
    refusedDenials.map((e) => [e.outcome, e.actor.id, e.originIp]),
    [['denied', requester.actor.id, ORIGIN.ip]],
  );
});

async function refundWorkflowIdOf(id: string) {
  const [row] = await s.saga.sequelize.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM refund_requests WHERE id = $1',
    { bind: [id], type: QueryTypes.SELECT },
  );
  return row?.workflow_id;
}

test('SEC-PAY-04 above the threshold: a second PLATFORM_ADMIN with a fresh MFA code approves and the refund is issued', async (t) => {
  const { bookingId, capturedMinor } = await s.confirmedBooking();
  const deps = s.deps({ approvalThresholdMinor: 1 });
  const requester = await s.admin();
  const second = await s.admin();
  const refund = await newRefund(deps, requester.actor, bookingId, capturedMinor, 'fraudulent');
  const state = await approveRefund(
    deps,
    second.actor,
    refund.id,
    { mfaCode: await second.freshCode() },
    ORIGIN,
  );
  t.is(state.status, 'issued');
  t.like(await s.refundRow(refund.id), { status: 'issued', decided_by: second.actor.id });
  t.is((await paymentOf(bookingId)).refunded, capturedMinor);
  const approved = (await s.auditOf(refund.id)).find((e) => e.type === 'refund.approved');
  t.like(approved, { outcome: 'success', actor: { type: 'admin', id: second.actor.id } });
  t.like(approved?.details, { approval: 2 });
});

test('SEC-PAY-04 a denial carries a reason, refunds nothing and gives the amount back; SEC-LOG-03 audited with the denier', async (t) => {
  const { booker, bookingId, capturedMinor } = await s.confirmedBooking();
  const deps = s.deps({ approvalThresholdMinor: 1 });
  const admin = await s.admin();
  const refund = await newRefund(deps, booker, bookingId, capturedMinor, 'customer_request');
  t.is(await codeOf(denyRefund(deps, admin.actor, refund.id, 'Not Valid!', ORIGIN)), 'VALIDATION_FAILED');
  t.like(await denyRefund(deps, admin.actor, refund.id, 'outside_policy', ORIGIN), { status: 'denied' });
  t.like(await s.refundRow(refund.id), {
    status: 'denied',
    decided_by: admin.actor.id,
    decision_reason: 'outside_policy',
  });
  t.is(await codeOf(approveRefund(deps, admin.actor, refund.id, {}, ORIGIN)), 'REFUND_NOT_PENDING');
  t.deepEqual(await proxyRequests({ idempotency_key: `refund/${refund.id}` }), []);
  const denial = (await s.auditOf(refund.id)).find((e) => e.type === 'refund.denied');
  t.like(denial, {
    outcome: 'success',
    actor: { type: 'admin', id: admin.actor.id },
    details: { reason: 'outside_policy' },
  });
  // The denied amount is refundable again.
  const again = await newRefund(deps, booker, bookingId, capturedMinor, 'goodwill');
  t.is(again.status, 'pending');
});

test('SEC-PAY-04 no decision in time: escalated (refund.escalated), then expired (refund.expired), the amount given back', async (t) => {
  const { booker, bookingId, capturedMinor } = await s.confirmedBooking();
  const deps = s.deps({ escalateAfterSeconds: 1, decisionTimeoutSeconds: 2 });
  const refund = await newRefund(deps, booker, bookingId, capturedMinor, 'customer_request');
  const handle = s.saga.client.workflow.getHandle((await refundWorkflowIdOf(refund.id))!);
  const result = await handle.result();
  // Operators find it in the Temporal UI by the booking's id.
  t.is((await handle.describe()).typedSearchAttributes.get(BOOKING_ID), bookingId);

  t.like(result, { status: 'expired', escalated: true });
  t.is((await s.refundRow(refund.id)).status, 'expired');
  const events = await s.auditOf(refund.id);
  t.deepEqual(
    events.map((e) => [e.type, e.outcome, e.actor.type]),
    [
      ['refund.requested', 'success', 'user'],
      ['refund.escalated', 'success', 'system'],
      ['refund.expired', 'failure', 'system'],
    ],
  );
  const admin = await s.admin();
  t.is(await codeOf(approveRefund(deps, admin.actor, refund.id, {}, ORIGIN)), 'REFUND_NOT_PENDING');
  t.deepEqual(await proxyRequests({ idempotency_key: `refund/${refund.id}` }), []);
});

test('SEC-PAY-04 20 concurrent requests on one booking never reserve more than was captured', async (t) => {
  const { booker, bookingId, capturedMinor } = await s.confirmedBooking();
  const deps = s.deps();
  const amount = Math.floor(capturedMinor / 7);
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, () => newRefund(deps, booker, bookingId, amount, 'duplicate')),
  );
  const accepted = results.filter((r) => r.status === 'fulfilled');
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
  t.is(accepted.length, Math.floor(capturedMinor / amount));
  t.true(refused.every((code) => code === 'REFUND_EXCEEDS_REFUNDABLE'));
  const [sum] = await s.saga.sequelize.query<{ reserved: string }>(
    "SELECT sum(amount_minor) AS reserved FROM refund_requests WHERE booking_id = $1 AND status = 'pending'",
    { bind: [bookingId], type: QueryTypes.SELECT },
  );
  t.true(Number(sum!.reserved) <= capturedMinor);
});

test('SEC-LOG-03 refund request and denial are audited with actor, type, time, outcome, origin IP and resource', async (t) => {
  const { booker, bookingId } = await s.confirmedBooking();
  const deps = s.deps();
  const admin = await s.admin();
  const refund = await newRefund(deps, booker, bookingId, 5, 'duplicate');
  await denyRefund(deps, admin.actor, refund.id, 'duplicate_of_other', ORIGIN);
  const events = await s.auditOf(refund.id);
  t.deepEqual(
    events.map((e) => e.type),
    ['refund.requested', 'refund.denied'],
  );
  for (const [event, actor] of [
    [events[0]!, { type: 'user', id: booker.id }],
    [events[1]!, { type: 'admin', id: admin.actor.id }],
  ] as const) {
    t.deepEqual(event.actor, actor);
    t.is(event.outcome, 'success');
    t.regex(event.occurredAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    t.is(event.originIp, ORIGIN.ip);
    t.deepEqual(event.resource, { type: 'refund', id: refund.id });
    t.is(event.details.requestId, ORIGIN.requestId);
  }
  t.like(events[0]!.details, {
    amountMinor: 5,
    reason: 'duplicate',
    workflowId: refundWorkflowId(bookingId, booker.id, (await keyOf(refund.id))!),
  });
  t.like(events[1]!.details, { reason: 'duplicate_of_other' });
});

async function keyOf(id: string) {
  const [row] = await s.saga.sequelize.query<{ idempotency_key: string }>(
    'SELECT idempotency_key FROM refund_requests WHERE id = $1',
    { bind: [id], type: QueryTypes.SELECT },
  );
  return row?.idempotency_key;
}
