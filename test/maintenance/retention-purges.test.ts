import { createHash, randomBytes, randomUUID } from 'node:crypto';
import test from 'ava';
import { loadConfig } from '../../lib/config';
import { rawQuery } from '../audit/helpers/audit-db';
import { idempotencyPurgeWorkflow, webhookEventPurgeWorkflow } from '../../workflows/maintenance-pool';
import { useHarness } from '../helpers/use-harness';
import { retentionEvents, retentionHarness, type RetentionHarness } from './helpers/retention-harness';
import { DAY_MS } from './helpers/retention-rows';

// The run's clock comes from the input, years after the real one: nothing waits, nothing depends
// on when the test runs. Rows sit a minute or more either side of each cutoff.
const NOW = Date.parse('2031-03-10T08:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs);
const MINUTE = 60_000;

let r: RetentionHarness;
useHarness(retentionHarness, (harness) => (r = harness));

/** A completed idempotency record expiring at `expiresAt`; answers its key. */
async function plantIdempotencyRecord(expiresAt: Date): Promise<string> {
  const key = randomUUID();
  await rawQuery(
    r.h.db,
    `INSERT INTO idempotency_records (user_id, idempotency_key, fingerprint, status, response_status,
       response_body, response_headers, expires_at)
     VALUES ($1, $2, $3, 'completed', 201, '{}', '{}', $4)`,
    [randomUUID(), key, randomBytes(32).toString('hex'), expiresAt],
  );
  return key;
}

/** An accepted Stripe event id received at `receivedAt`; answers its hash. */
async function plantWebhookEvent(receivedAt: Date): Promise<string> {
  const hash = createHash('sha256').update(`evt_${randomUUID()}`).digest('hex');
  await rawQuery(
    r.h.db,
    `INSERT INTO payment_webhook_events (event_id_sha256, event_type, received_at) VALUES ($1, 'charge.succeeded', $2)`,
    [hash, receivedAt],
  );
  return hash;
}

const column = async (sql: string) => (await rawQuery<{ v: string }>(r.h.db, sql)).map((row) => row.v).sort();

test.serial(
  'SEC-PRIV-03 idempotency records 24 h: the purge removes exactly the records expired at the run clock and audits retention.applied with its counts',
  async (t) => {
    for (const offset of [-MINUTE, -DAY_MS, -30 * DAY_MS]) await plantIdempotencyRecord(at(offset));
    const live = [await plantIdempotencyRecord(at(MINUTE)), await plantIdempotencyRecord(at(DAY_MS))];

    const handle = await r.start(idempotencyPurgeWorkflow, 'idempotency', NOW);
    t.like(await handle.result(), { rule: 'idempotency-records', cutoff: at(0).toISOString(), purged: 3 });
    t.deepEqual(
      await column('SELECT idempotency_key::text AS v FROM idempotency_records'),
      live.sort(),
      'exactly the live records remain',
    );
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'idempotency-records',
      details: { rule: 'idempotency-records', cutoff: at(0).toISOString(), purged: 3, batches: 1 },
    });
  },
);

test.serial(
  'SEC-PRIV-03 SEC-PAY-03 webhook event ids: the purge removes exactly the ids older than their retention at the run clock and audits retention.applied with its counts',
  async (t) => {
    const retentionMs = loadConfig().stripe.webhookEventRetentionSeconds * 1000;
    for (const offset of [-MINUTE, -DAY_MS]) await plantWebhookEvent(at(-retentionMs + offset));
    const kept = [await plantWebhookEvent(at(-retentionMs + MINUTE)), await plantWebhookEvent(at(0))];

    const handle = await r.start(webhookEventPurgeWorkflow, 'webhook-events', NOW);
    const cutoff = at(-retentionMs).toISOString();
    t.like(await handle.result(), { rule: 'webhook-event-ids', cutoff, purged: 2 });
    t.deepEqual(await column('SELECT event_id_sha256 AS v FROM payment_webhook_events'), kept.sort());
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'webhook-event-ids',
      details: { rule: 'webhook-event-ids', cutoff, purged: 2, batches: 1 },
    });
  },
);
