import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { deliver, paymentIntentEvent, signature, type PortHold, type WebhookApp } from './webhook-app';

/** One new event delivered twice, the second while the port still holds the first. */
export interface OverlappingDeliveries {
  bookingId: string;
  body: string;
  /** The port's hold on the first delivery: `settle` lets it take or fail the event. */
  hold: PortHold;
  first: Promise<Response>;
  second: Promise<Response>;
}

/**
 * Delivers a new signed event, and once the port holds it, delivers it again; returns when the
 * second delivery has reached the first (see secondReachedTheFirst). The hold is left to the test.
 */
export async function overlappingDeliveries(
  app: WebhookApp,
  sequelize: Sequelize,
): Promise<OverlappingDeliveries> {
  const bookingId = randomUUID();
  const body = paymentIntentEvent(bookingId);
  const hold = app.holdPortFor(bookingId);
  const first = deliver(app, body, { 'Stripe-Signature': signature(body, app.secret) });
  await hold.entered;
  const second = deliver(app, body, { 'Stripe-Signature': signature(body, app.secret) });
  await secondReachedTheFirst(sequelize, second);
  return { bookingId, body, hold, first, second };
}

/**
 * Until the second delivery has reached the first: a backend of this test's database waits on a
 * lock over payment_webhook_events (what the receiver does), or the second has already answered
 * (what a receiver that does not wait would do; the test's assertions then judge its answer).
 */
async function secondReachedTheFirst(sequelize: Sequelize, second: Promise<Response>): Promise<void> {
  let answered = false;
  second.then(
    () => (answered = true),
    () => (answered = true),
  );
  const deadline = Date.now() + 10_000;
  while (!answered && Date.now() < deadline) {
    const [rows] = await sequelize.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND query ILIKE '%payment_webhook_events%'`,
    );
    if ((rows as { n: number }[])[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!answered) throw new Error('the second delivery neither waited on the first nor answered');
}
