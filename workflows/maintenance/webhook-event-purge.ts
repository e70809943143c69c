import type { MaintenanceWorkflowInput } from './input';
import { HOURLY_PURGE_OPTIONS } from './purge-options';
import { applyRetention, type RetentionSummary } from './retention-run';

/**
 * SEC-PAY-03 / SEC-PRIV-03, hourly by schedule: deletes accepted Stripe event ids older than their
 * retention (Config.stripe.webhookEventRetentionSeconds) at the run's clock, in batches with
 * heartbeats, then audits `retention.applied` (rule `webhook-event-ids`). Ids inside it are kept,
 * so a redelivery of one is still a duplicate (answered 200, not acted on again).
 */
export function webhookEventPurgeWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'webhook-event-ids',
    steps: [{ activity: 'purgeOldWebhookEvents', counts: 'purged' }],
    options: HOURLY_PURGE_OPTIONS,
  });
}
