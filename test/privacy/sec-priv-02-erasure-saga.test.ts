import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { replayBookingHistory } from '../bookings/helpers/booking-replay';
import type { Redis } from 'ioredis';
import { createErasureActivities } from '../../activities/privacy/erasure-activities';
import { paymentModels } from '../../db/models/payment-models';
import { failFastRedis } from '../../lib/clients';
import { bookingStateQuery } from '../../services/bookings/booking-saga';
import { erasureWorkflowId, type AccountErasureInput } from '../../services/privacy/erasure-contract';
import { redisSessionStore } from '../../services/sessions/session-store';
import { flightPicker } from '../bookings/helpers/booking-body';
import { bookThroughSaga, supplierHoldOf } from '../bookings/helpers/saga-booking';
import { sagaHarness, type SagaHarness } from '../bookings/helpers/saga-harness';
import { startWorkers, type TestWorkers } from '../helpers/temporal-workers';
import { localstripeObject, TEST_CARDS } from '../payments/helpers/stripe-stack';

/**
 * SEC-PRIV-02 step 2 on the real saga: the booking pools' workers, the stack's supplier simulator
 * and Stripe (localstripe), and a maintenance worker running the erasure workflow and its steps on
 * the same private database and queues.
 */
let h: SagaHarness;
let pick: Awaited<ReturnType<typeof flightPicker>>;
let maintenance: TestWorkers;
let redis: Redis | undefined;

test.before(async () => {
  h = await sagaHarness();
  pick = await flightPicker(h);
  redis = failFastRedis(h.config.redis);
  const s = h.config.sessions;
  const steps = {
    sequelize: h.sequelize,
    sessions: redisSessionStore(redis, {
      prefix: `th-test-${randomBytes(5).toString('hex')}:sess:`,
      idleTimeoutSeconds: s.idleTimeoutSeconds,
      maxPerUser: s.maxPerUser,
      longestLifetimeSeconds: Math.max(s.customerLifetimeSeconds, s.adminLifetimeSeconds),
    }),
    temporal: h.client,
  };
  maintenance = await startWorkers({
    config: h.config,
    queues: h.queues,
    logLevel: 'error',
    workers: [
      {
        pool: 'maintenance',
        workflowsPath: require.resolve('../../workflows/maintenance-pool'),
        activities: createErasureActivities(steps),
      },
    ],
  });
});
test.after.always(async () => {
  await maintenance?.stop();
  await redis?.quit();
  await h?.close();
});

test.serial(
  'SEC-PRIV-02 erasure cancels a booking waiting for payment through its saga: the saga ends CANCELLED, the supplier hold is released and nothing is charged',
  async (t) => {
    t.timeout(180_000);
    // 3-D Secure never completed: the saga waits for the payment (long enough for the erasure).
    const b = await bookThroughSaga(
      h,
      pick(),
      TEST_CARDS.requiresAction,
      { ip: '203.0.113.40' },
      {
        paymentPollSeconds: 60,
        paymentWaitSeconds: 600,
      },
    );
    let status = '';
    for (let i = 0; i < 600 && status !== 'AWAITING_PAYMENT'; i += 1) {
      status = (await b.handle.query(bookingStateQuery)).status;
      if (status !== 'AWAITING_PAYMENT') await sleep(100);
    }
    t.is(status, 'AWAITING_PAYMENT', 'the saga waits for the payment');
    t.is((await supplierHoldOf(b.booking.id))?.status, 'held');

    const input: AccountErasureInput = {
      userId: b.actor.id,
      graceSeconds: 1,
      taskQueues: { maintenance: h.queues.maintenance },
    };
    const erasure = await maintenance.client.workflow.start('accountErasureWorkflow', {
      taskQueue: h.queues.maintenance,
      workflowId: erasureWorkflowId(b.actor.id),
      workflowExecutionTimeout: '3 minutes',
      args: [input],
    });
    t.like(await erasure.result(), { status: 'erased' });

    // The step's cancel Update answers once the saga has stored CANCELLED: no waiting here.
    const settled = (await b.handle.query(bookingStateQuery)).status;
    if (!t.is(settled, 'CANCELLED', 'the saga was cancelled by the erasure')) return;
    t.like(await b.result(), { status: 'CANCELLED', failureReason: 'cancelled' });
    // The saga's history replays as it ran (its cancellation is not state only a validator set).
    await t.notThrowsAsync(replayBookingHistory(h.sequelize, b.handle));
    await b.booking.reload();
    t.is(b.booking.status, 'CANCELLED');
    t.is((await supplierHoldOf(b.booking.id))?.status, 'released', 'the hold is released');
    const payment = await paymentModels(h.sequelize).Payment.findOne({ where: { booking_id: b.booking.id } });
    t.like(payment?.toJSON(), { status: 'canceled', captured_minor: 0 });
    const intent = await localstripeObject<{ status: string; latest_charge: { captured: boolean } | null }>(
      `/v1/payment_intents/${payment!.stripe_payment_intent_id!}`,
    );
    t.is(intent.status, 'canceled', 'the authorisation is cancelled at Stripe');
    t.false(intent.latest_charge?.captured ?? false, 'nothing charged');
  },
);
