import type { MaintenanceWorkflowInput } from './input';
import { HOURLY_PURGE_OPTIONS } from './purge-options';
import { applyRetention, type RetentionSummary } from './retention-run';

/**
 * SEC-PRIV-03, hourly by schedule: deletes idempotency records expired at the run's clock (24 h
 * after completion; abandoned locks), in batches with heartbeats, then audits `retention.applied`
 * (rule `idempotency-records`). Live records are kept.
 */
export function idempotencyPurgeWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'idempotency-records',
    steps: [{ activity: 'purgeExpiredIdempotencyRecords', counts: 'purged' }],
    options: HOURLY_PURGE_OPTIONS,
  });
}
