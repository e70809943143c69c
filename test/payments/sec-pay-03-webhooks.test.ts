import test from 'ava';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { bookingFor, customer, paymentsHarness, type PaymentsHarness } from './helpers/payments-db';
import { createPaymentMethod, localstripeUrl, TEST_CARDS } from './helpers/stripe-stack';
import {
  deliver,
  paymentIntentEvent,
  signature,
  startWebhookApp,
  type WebhookApp,
} from './helpers/webhook-app';
import { overlappingDeliveries } from './helpers/overlapping-deliveries';

let h: PaymentsHarness;
let app: WebhookApp;
test.before(async () => {
  h = await paymentsHarness();
  app = await startWebhookApp(h.db.config, h.models);
});
test.after.always(async () => {
  await app?.close();
  await h?.close();
});

async function refusal(res: Response): Promise<[number, string]> {
  return [res.status, ((await res.json()) as { error_code: string }).error_code];
}

function eventIdOf(body: string): string {
  return (JSON.parse(body) as { id: string }).id;
}

function delivered(bookingId: string) {
  return app.events.filter((e) => e.bookingId === bookingId);
}

test('SEC-PAY-03 a correctly signed event is accepted, handed to the port once, and its id recorded as a hash only', async (t) => {
  const bookingId = randomUUID();
  const body = paymentIntentEvent(bookingId);
  const res = await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret) });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { received: true, event_id: eventIdOf(body), duplicate: false });
  t.like(delivered(bookingId), [{ type: 'payment_intent.succeeded', status: 'succeeded', bookingId }]);
  const hash = createHash('sha256').update(eventIdOf(body)).digest('hex');
  t.is(await h.models.PaymentWebhookEvent.count({ where: { event_id_sha256: hash } }), 1);
});

test('SEC-PAY-03 unsigned, wrongly signed and altered events are refused and never reach the port', async (t) => {
  const bookingId = randomUUID();
  const body = paymentIntentEvent(bookingId);
  t.deepEqual(await refusal(await deliver(app, body, {})), [400, 'WEBHOOK_UNSIGNED']);
  const wrongSecret = signature(body, `whsec_${randomBytes(24).toString('hex')}`);
  t.deepEqual(await refusal(await deliver(app, body, { 'Stripe-Signature': wrongSecret })), [
    400,
    'WEBHOOK_BAD_SIGNATURE',
  ]);
  const altered = body.replace('succeeded', 'succeeded ');
  t.deepEqual(
    await refusal(await deliver(app, altered, { 'Stripe-Signature': signature(body, app.secret) })),
    [400, 'WEBHOOK_BAD_SIGNATURE'],
  );
  t.deepEqual(await refusal(await deliver(app, body, { 'Stripe-Signature': 'v1=deadbeef' })), [
    400,
    'WEBHOOK_BAD_SIGNATURE',
  ]);
  t.deepEqual(delivered(bookingId), []);
});

test('SEC-PAY-03 a signature older than 300 s, or more than 300 s ahead, is refused', async (t) => {
  const bookingId = randomUUID();
  const body = paymentIntentEvent(bookingId);
  const now = Math.floor(Date.now() / 1000);
  // Ahead by more than the tolerance with 100 s to spare: the check runs a moment after `now`.
  for (const t0 of [now - 301, now - 3_600, now + 400]) {
    t.deepEqual(
      await refusal(await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret, t0) })),
      [400, 'WEBHOOK_STALE'],
    );
  }
  // Inside the window (with a margin for a slow machine) it is fine.
  const res = await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret, now - 200) });
  t.is(res.status, 200);
  t.is(delivered(bookingId).length, 1);
});

interface Receipt {
  received: boolean;
  event_id: string;
  duplicate: boolean;
}

async function receipt(res: Response): Promise<[number, Receipt]> {
  return [res.status, (await res.json()) as Receipt];
}

/** `travelhub_webhook_events_total` for Stripe with this outcome, read from the app's registry. */
async function counted(outcome: 'accepted' | 'duplicate' | 'refused'): Promise<number> {
  const metric = app.metrics.registry.getSingleMetric('travelhub_webhook_events_total');
  const values = (await metric!.get()).values;
  return values.find((v) => v.labels.source === 'stripe' && v.labels.outcome === outcome)?.value ?? 0;
}

function storedRow(body: string) {
  const hash = createHash('sha256').update(eventIdOf(body)).digest('hex');
  return h.models.PaymentWebhookEvent.findAll({ where: { event_id_sha256: hash }, raw: true });
}

test.serial(
  'SEC-PAY-03 a redelivered event already processed gets 200 duplicate and changes nothing: no second hand-off to the port, no new or touched row; logged and counted',
  async (t) => {
    const bookingId = randomUUID();
    const body = paymentIntentEvent(bookingId);
    const captured = signature(body, app.secret);
    t.deepEqual(await receipt(await deliver(app, body, { 'Stripe-Signature': captured })), [
      200,
      { received: true, event_id: eventIdOf(body), duplicate: false },
    ]);
    const rowBefore = await storedRow(body);
    t.is(rowBefore.length, 1);
    const [duplicatesBefore, acceptedBefore] = [await counted('duplicate'), await counted('accepted')];
    const logsBefore = app.logs.records.length;

    // Stripe's redelivery (re-signed, as Stripe does on each attempt) and a captured copy.
    for (const header of [signature(body, app.secret), captured]) {
      t.deepEqual(await receipt(await deliver(app, body, { 'Stripe-Signature': header })), [
        200,
        { received: true, event_id: eventIdOf(body), duplicate: true },
      ]);
    }
    t.is(delivered(bookingId).length, 1, 'the port (the booking workflow signal) was handed the event once');
    t.deepEqual(await storedRow(body), rowBefore, 'the same one row, received_at untouched');
    t.is(await counted('duplicate'), duplicatesBefore + 2);
    t.is(await counted('accepted'), acceptedBefore);
    const logged = app.logs.records
      .slice(logsBefore)
      .filter((r) => r.action === 'payment.webhook' && r.result === 'duplicate');
    t.like(logged, [{ event_type: 'payment_intent.succeeded' }, { event_type: 'payment_intent.succeeded' }]);
    t.false(app.logs.text().includes(eventIdOf(body)), 'no Stripe event id in the logs');
  },
);

test.serial(
  "SEC-PAY-03 a processed event's id excuses nothing: redelivered with a wrong signature, altered, or with a stale timestamp it is still refused (400)",
  async (t) => {
    const bookingId = randomUUID();
    const body = paymentIntentEvent(bookingId);
    t.is((await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret) })).status, 200);
    const refusedBefore = await counted('refused');
    const wrongSecret = signature(body, `whsec_${randomBytes(24).toString('hex')}`);
    t.deepEqual(await refusal(await deliver(app, body, { 'Stripe-Signature': wrongSecret })), [
      400,
      'WEBHOOK_BAD_SIGNATURE',
    ]);
    const altered = body.replace('"status":"succeeded"', '"status":"canceled"');
    t.not(altered, body);
    t.deepEqual(
      await refusal(await deliver(app, altered, { 'Stripe-Signature': signature(body, app.secret) })),
      [400, 'WEBHOOK_BAD_SIGNATURE'],
    );
    const stale = Math.floor(Date.now() / 1000) - 301;
    t.deepEqual(
      await refusal(await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret, stale) })),
      [400, 'WEBHOOK_STALE'],
    );
    t.is(await counted('refused'), refusedBefore + 3);
    t.is(delivered(bookingId).length, 1);
  },
);

test.serial('SEC-PAY-03 five deliveries of one event at once: all 200, exactly one acted on', async (t) => {
  const bookingId = randomUUID();
  const body = paymentIntentEvent(bookingId);
  const answers = await Promise.all(
    Array.from({ length: 5 }, async () =>
      receipt(await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret) })),
    ),
  );
  t.deepEqual(answers.map(([status, r]) => `${status} ${r.duplicate}`).sort(), [
    '200 false',
    '200 true',
    '200 true',
    '200 true',
    '200 true',
  ]);
  t.is(delivered(bookingId).length, 1);
  t.is((await storedRow(body)).length, 1);
});

test.serial(
  'SEC-PAY-03 a redelivery while the first delivery is in flight waits for it: duplicate once the first is taken',
  async (t) => {
    const { bookingId, body, hold, first, second } = await overlappingDeliveries(app, h.sequelize);
    hold.settle('take');
    t.deepEqual((await receipt(await first))[1].duplicate, false);
    t.deepEqual(await receipt(await second), [
      200,
      { received: true, event_id: eventIdOf(body), duplicate: true },
    ]);
    t.is(delivered(bookingId).length, 1);
  },
);

test.serial(
  'SEC-PAY-03 a redelivery while the first delivery is in flight is never answered duplicate if the first then fails: it processes the event itself',
  async (t) => {
    const { bookingId, body, hold, first, second } = await overlappingDeliveries(app, h.sequelize);
    hold.settle('fail');
    t.is((await first).status, 500);
    t.deepEqual(await receipt(await second), [
      200,
      { received: true, event_id: eventIdOf(body), duplicate: false },
    ]);
    t.like(delivered(bookingId), [{ bookingId, type: 'payment_intent.succeeded' }]);
    t.is(delivered(bookingId).length, 1);
    t.is((await storedRow(body)).length, 1);
  },
);

test("SEC-PAY-03 an event the port could not take is not recorded, so Stripe's redelivery is accepted", async (t) => {
  const bookingId = randomUUID();
  const body = paymentIntentEvent(bookingId);
  app.failPortFor(bookingId, true);
  try {
    t.is((await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret) })).status, 500);
  } finally {
    app.failPortFor(bookingId, false);
  }
  t.is((await deliver(app, body, { 'Stripe-Signature': signature(body, app.secret) })).status, 200);
  t.is(delivered(bookingId).length, 1);
});

test("SEC-PAY-03 localstripe's own signed payment_intent.succeeded reaches the port through the real route", async (t) => {
  const name = `travelhub-test-${randomBytes(6).toString('hex')}`;
  const register = (events: string[]) =>
    fetch(`${localstripeUrl()}/_config/webhooks/${name}`, {
      method: 'POST',
      body: new URLSearchParams([
        ['url', `${app.url}/api/v1/webhooks/stripe`],
        ['secret', app.secret],
        ...events.map((e): [string, string] => ['events[]', e]),
      ]),
    });
  t.is((await register(['payment_intent.succeeded', 'payment_intent.payment_failed'])).status, 200);
  // Afterwards only an event type nobody sends: localstripe keeps registrations until it restarts.
  t.teardown(async () => void (await register(['travelhub.test.unused'])));

  const booking = bookingFor(customer(), await createPaymentMethod(TEST_CARDS.succeeds));
  // Manual capture: localstripe signs payment_intent.succeeded when the payment is captured.
  t.is((await h.activities.createPaymentIntent(booking)).outcome, 'authorised');
  t.like(await h.activities.capturePaymentIntent(booking), { confirmable: true });
  const deadline = Date.now() + 20_000;
  while (delivered(booking.bookingId).length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const row = (await h.models.Payment.findOne({ where: { booking_id: booking.bookingId } }))!;
  t.like(delivered(booking.bookingId), [
    { type: 'payment_intent.succeeded', status: 'succeeded', paymentIntentId: row.stripe_payment_intent_id },
  ]);
});

test('SEC-PAY-03 the raw body is read within the API body limit and only as application/json', async (t) => {
  const body = paymentIntentEvent(randomUUID());
  const asText = await fetch(`${app.url}/api/v1/webhooks/stripe`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', 'Stripe-Signature': signature(body, app.secret) },
    body,
  });
  t.is(asText.status, 415);
  const huge = 'x'.repeat(h.db.config.api.bodyLimitBytes + 1);
  const tooLarge = await deliver(app, huge, { 'Stripe-Signature': signature(huge, app.secret) });
  t.is(tooLarge.status, 413);
});
