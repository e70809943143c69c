import { QueryTypes, type Sequelize } from 'sequelize';
import { purgeInBatches } from './batched-purge';
import { clockOf, type RetentionStepInput, type RetentionStepResult } from './retention-step';

export interface WebhookEventPurgeDeps {
  /** The app role (DML on payment_webhook_events). */
  sequelize: Sequelize;
  /** Config.stripe.webhookEventRetentionSeconds: never below 2 × the signature tolerance + margin. */
  retentionSeconds: number;
  /** Rows deleted per statement: short statements and short row locks. */
  batchSize?: number;
  /** Batches per run at most; what is left waits for the next run. */
  maxBatches?: number;
}

export type WebhookEventPurgeResult = RetentionStepResult;

// The age is measured from the run's clock (the workflow's); the received_at index finds the batch.
const PURGE_OLD_EVENTS = `
  DELETE FROM payment_webhook_events
  WHERE event_id_sha256 IN (
    SELECT event_id_sha256 FROM payment_webhook_events
    WHERE received_at < $1
    LIMIT $2)
  RETURNING event_id_sha256`;

/**
 * `purgeOldWebhookEvents` (SEC-PAY-03): deletes the ids of accepted Stripe events once they are
 * older than the retention at the run's clock, when no validly signed copy of them can arrive any more, batch by
 * batch, heartbeating the running total after each batch so a cancellation is seen between
 * batches and a retry resumes the total. Idempotent: a repeat finds nothing left. Rows inside the
 * retention are never touched, so they still refuse replays.
 */
export function createWebhookEventPurgeActivities({
  sequelize,
  retentionSeconds,
  batchSize = 1000,
  maxBatches = 1000,
}: WebhookEventPurgeDeps) {
  if (!Number.isInteger(retentionSeconds) || retentionSeconds < 1)
    throw new Error(
      'retentionSeconds must be a positive integer (Config.stripe.webhookEventRetentionSeconds)',
    );
  const purgeBatch = async (cutoff: Date, size: number) =>
    (
      await sequelize.query(PURGE_OLD_EVENTS, {
        bind: [cutoff, size],
        type: QueryTypes.SELECT,
      })
    ).length;
  return {
    async purgeOldWebhookEvents(input: RetentionStepInput): Promise<WebhookEventPurgeResult> {
      const cutoff = new Date(clockOf(input).getTime() - retentionSeconds * 1000);
      const result = await purgeInBatches((size) => purgeBatch(cutoff, size), { batchSize, maxBatches });
      return { ...result, cutoff: cutoff.toISOString() };
    },
  };
}

export type WebhookEventPurgeActivities = ReturnType<typeof createWebhookEventPurgeActivities>;
