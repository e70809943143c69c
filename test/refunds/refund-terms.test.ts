import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { AppError } from '../../lib/errors';
import { requestRefund } from '../../services/refunds';
import { ORIGIN, refundsStack, type RefundsStack } from './helpers/refunds-stack';

/*
 * Issue 17.3: a customer's refund request stays within the booking's cancellation terms
 * (services/refunds/refund-terms.ts); support is bounded only by what is still refundable.
 */

let s: RefundsStack;

test.before(async () => {
  s = await refundsStack();
});
test.after.always(async () => s?.close());

const ask = (actor: Parameters<typeof requestRefund>[1], bookingId: string, amountMinor: number) =>
  requestRefund(
    s.deps(),
    actor,
    bookingId,
    { amountMinor, reason: 'customer_request' },
    randomUUID(),
    ORIGIN,
  ).then(
    (r) => r.status as string,
    (e: AppError) => e.code,
  );

/** The booking's stored terms made late: the free deadline a year before the start. */
async function makeLate(bookingId: string, lateDeductionPercent: number) {
  await s.saga.sequelize.query('UPDATE bookings SET cancellation_policy = $2 WHERE id = $1', {
    bind: [bookingId, JSON.stringify({ freeUntilDays: 365, lateDeductionPercent })],
  });
}

test('SEC-PAY-04 a customer asks at most what the cancellation terms give back now; support may grant more', async (t) => {
  const { booker, bookingId, capturedMinor } = await s.confirmedBooking();
  await makeLate(bookingId, 50);
  const allowed = capturedMinor - Math.round(capturedMinor / 2);
  t.is(await ask(booker, bookingId, allowed + 1), 'REFUND_OUTSIDE_TERMS');
  t.is(await ask(booker, bookingId, allowed), 'pending');
  const support = (await s.admin()).actor;
  t.is(
    await ask(support, bookingId, capturedMinor - allowed),
    'pending',
    'support is bounded by the refundable only',
  );
});

test('SEC-PAY-04 a customer gets nothing on request once the terms keep everything; the refusal is audited', async (t) => {
  const { booker, bookingId } = await s.confirmedBooking();
  await makeLate(bookingId, 100);
  t.is(await ask(booker, bookingId, 1), 'REFUND_OUTSIDE_TERMS');
  const events = await s.auditOf(bookingId);
  t.like(
    events.find((e) => e.type === 'refund.requested'),
    { outcome: 'failure', actor: { id: booker.id } },
  );
});
