import { QueryTypes, type Sequelize } from 'sequelize';
import { purgeInBatches, type BatchedPurgeResult } from './batched-purge';

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

export type WebhookEventPurgeResult = BatchedPurgeResult;

// The age is measured on the database clock (received_at defaults to now() there too); the
// received_at index finds the batch.
const PURGE_OLD_EVENTS = `
  DELETE FROM payment_webhook_events
  WHERE event_id_sha256 IN (
    SELECT event_id_sha256 FROM payment_webhook_events
    WHERE received_at < now() - make_interval(secs => $1)
    LIMIT $2)
  RETURNING event_id_sha256`;

/**
 * `purgeOldWebhookEvents` (SEC-PAY-03): deletes the ids of accepted Stripe events once they are
 * older than the retention, when no validly signed copy of them can arrive any more, batch by
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
  const purgeBatch = async (size: number) =>
    (
      await sequelize.query(PURGE_OLD_EVENTS, {
        bind: [retentionSeconds, size],
        type: QueryTypes.SELECT,
      })
    ).length;
  return {
    async purgeOldWebhookEvents(): Promise<WebhookEventPurgeResult> {
      return purgeInBatches(purgeBatch, { batchSize, maxBatches });
    },
  };
}

export type WebhookEventPurgeActivities = ReturnType<typeof createWebhookEventPurgeActivities>;
