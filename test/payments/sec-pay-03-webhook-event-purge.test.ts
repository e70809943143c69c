import test from 'ava';
import { createHash, randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { createWebhookEventPurgeActivities } from '../../activities/maintenance/maintenance-activities';
import { createWriteAudit } from '../../activities/audit/write-audit';
import { createAuditWriter } from '../../lib/audit';
import { ConfigError, loadConfig } from '../../lib/config';
import { webhookEventPurgeWorkflow } from '../../workflows/maintenance-pool';
import {
  activityQueues,
  startMaintenanceWorker,
  type MaintenanceHarness,
} from '../helpers/maintenance-worker';
import { paymentsHarness, type PaymentsHarness } from './helpers/payments-db';
import {
  deliver,
  paymentIntentEvent,
  signature,
  startWebhookApp,
  type WebhookApp,
} from './helpers/webhook-app';

// The shortest retention the config allows at the default 300 s tolerance: 2 x 300 + 300 s.
const RETENTION = loadConfig({ ...process.env, STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS: '900' }).stripe
  .webhookEventRetentionSeconds;

let h: PaymentsHarness;
let app: WebhookApp;
let m: MaintenanceHarness;
test.before(async () => {
  h = await paymentsHarness();
  app = await startWebhookApp(h.db.config, h.models);
  // The worker's activity with small batches, so a handful of rows takes several.
  m = await startMaintenanceWorker({
    ...createWebhookEventPurgeActivities({
      sequelize: h.sequelize,
      retentionSeconds: RETENTION,
      batchSize: 2,
    }),
    // Each run reports itself (retention.applied).
    writeAudit: createWriteAudit({ writer: createAuditWriter(h.sequelize) }),
  });
});
test.after.always(async () => {
  await m?.stop();
  await app?.close();
  await h?.close();
});

const hashOf = (body: string) =>
  createHash('sha256')
    .update((JSON.parse(body) as { id: string }).id)
    .digest('hex');

/** A signed event accepted through the real route, its row then dated `ageSeconds` back. */
async function acceptedEvent(ageSeconds: number): Promise<{ body: string; header: string }> {
  const body = paymentIntentEvent(randomUUID());
  const header = signature(body, app.secret);
  if ((await deliver(app, body, { 'Stripe-Signature': header })).status !== 200)
    throw new Error('the event was not accepted');
  await h.sequelize.query(
    'UPDATE payment_webhook_events SET received_at = now() - make_interval(secs => $1) WHERE event_id_sha256 = $2',
    { bind: [ageSeconds, hashOf(body)] },
  );
  return { body, header };
}

async function storedHashes(): Promise<string[]> {
  const rows = await h.sequelize.query<{ event_id_sha256: string }>(
    'SELECT event_id_sha256 FROM payment_webhook_events ORDER BY event_id_sha256',
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.event_id_sha256);
}

function runPurge(name: string) {
  return m.client.workflow.start(webhookEventPurgeWorkflow, {
    taskQueue: m.queues.maintenance,
    workflowId: `test-webhook-event-purge-${m.run}-${name}`,
    workflowExecutionTimeout: '1 minute',
    args: [{ taskQueues: { maintenance: m.queues.maintenance } }],
  });
}

async function status(res: Response): Promise<[number, string]> {
  return [res.status, ((await res.json()) as { error_code: string }).error_code];
}

async function duplicate(res: Response): Promise<[number, boolean]> {
  return [res.status, ((await res.json()) as { duplicate: boolean }).duplicate];
}

test.serial(
  'SEC-PAY-03 webhook event ids older than the retention are purged by the purge workflow in batches; ids inside it are kept and a redelivery of a kept event is still a duplicate, not acted on again',
  async (t) => {
    // Well past the retention (margins of a minute and more either side: no clock race).
    const old = await Promise.all([RETENTION + 60, RETENTION + 3_600, 30 * 86_400].map(acceptedEvent));
    const kept = [await acceptedEvent(RETENTION - 120), await acceptedEvent(0)];
    t.is((await storedHashes()).length, 5);

    const handle = await runPurge('first');
    t.like(await handle.result(), { rule: 'webhook-event-ids', purged: 3, batches: 2, more: false });
    t.deepEqual(await activityQueues(handle), [m.queues.maintenance, m.queues.maintenance]); // purge, audit
    t.deepEqual(await storedHashes(), kept.map((e) => hashOf(e.body)).sort(), 'exactly the kept ids remain');

    // A kept event replayed, as captured (its signature still inside the tolerance) and re-signed.
    const fresh = kept[1]!;
    t.deepEqual(await duplicate(await deliver(app, fresh.body, { 'Stripe-Signature': fresh.header })), [
      200,
      true,
    ]);
    for (const e of kept) {
      const resigned = signature(e.body, app.secret);
      t.deepEqual(await duplicate(await deliver(app, e.body, { 'Stripe-Signature': resigned })), [200, true]);
    }
    for (const e of kept) {
      const id = (JSON.parse(e.body) as { id: string }).id;
      t.is(app.events.filter((event) => event.eventId === id).length, 1, 'a kept event was acted on once');
    }
    // A purged event's captured delivery is as old as its row: the signature check refuses it.
    const purged = old[0]!;
    const capturedAt = Math.floor(Date.now() / 1000) - (RETENTION + 60);
    t.deepEqual(
      await status(
        await deliver(app, purged.body, {
          'Stripe-Signature': signature(purged.body, app.secret, capturedAt),
        }),
      ),
      [400, 'WEBHOOK_STALE'],
    );
    t.deepEqual(await storedHashes(), kept.map((e) => hashOf(e.body)).sort());
  },
);

test.serial(
  'SEC-PAY-03 a repeated webhook event purge finds nothing to delete and keeps the ids',
  async (t) => {
    const before = await storedHashes();
    t.like(await (await runPurge('again')).result(), { purged: 0, batches: 1, more: false });
    t.deepEqual(await storedHashes(), before);
  },
);

test('SEC-PAY-03 the webhook event retention is typed config, never below 2 x the signature tolerance + 300 s', (t) => {
  const load = (vars: Record<string, string>) => loadConfig({ ...process.env, ...vars }).stripe;
  t.is(load({}).webhookEventRetentionSeconds, 345_600, '4 days by default');
  t.is(load({ STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS: '900' }).webhookEventRetentionSeconds, 900);
  t.throws(() => load({ STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS: '899' }), { instanceOf: ConfigError });
  t.throws(() => load({ STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS: '300' }), { instanceOf: ConfigError });
  const shorter = { STRIPE_WEBHOOK_TOLERANCE_SECONDS: '100' };
  t.is(load({ ...shorter, STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS: '500' }).webhookEventRetentionSeconds, 500);
  t.throws(() => load({ ...shorter, STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS: '499' }), {
    instanceOf: ConfigError,
  });
  t.throws(() => load({ STRIPE_WEBHOOK_EVENT_RETENTION_SECONDS: '2592001' }), { instanceOf: ConfigError });
});
