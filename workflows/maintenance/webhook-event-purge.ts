import { proxyActivities } from '@temporalio/workflow';
import type { WebhookEventPurgeResult } from '../../activities/maintenance/maintenance-activities';
import type { MaintenancePoolActivities } from '../../activities/maintenance-pool';
import { maintenanceQueue, type MaintenanceWorkflowInput } from './input';
import { HOURLY_PURGE_OPTIONS } from './purge-options';

/**
 * SEC-PAY-03, hourly by schedule: deletes accepted Stripe event ids past their retention
 * (Config.stripe.webhookEventRetentionSeconds), in batches with heartbeats. Ids inside it are
 * kept, so a redelivery of one is still a duplicate (answered 200, not acted on again).
 */
export async function webhookEventPurgeWorkflow(
  input: MaintenanceWorkflowInput,
): Promise<WebhookEventPurgeResult> {
  const { purgeOldWebhookEvents } = proxyActivities<MaintenancePoolActivities>({
    taskQueue: maintenanceQueue(input),
    ...HOURLY_PURGE_OPTIONS,
  });
  return purgeOldWebhookEvents();
}
