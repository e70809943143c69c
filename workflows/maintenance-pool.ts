/** Every workflow the maintenance pool runs (workers/maintenance.ts bundles this file). */
export { auditCheckpointWorkflow } from './maintenance/audit-checkpoint';
export { auditRetentionWorkflow } from './maintenance/audit-retention';
export { idempotencyPurgeWorkflow } from './maintenance/idempotency-purge';
export { orphanBookingSweepWorkflow } from './maintenance/orphan-booking-sweep';
export { reconciliationWorkflow } from './maintenance/reconciliation';
export type { ReconciliationWorkflowInput, ReconciliationSummary } from './maintenance/reconciliation';
export { webhookEventPurgeWorkflow } from './maintenance/webhook-event-purge';
export {
  accountTokenPurgeWorkflow,
  bookingAnonymisationWorkflow,
  bookingCompletionWorkflow,
  refreshTokenPurgeWorkflow,
  securityLogRotationWorkflow,
  softDeletedAccountPurgeWorkflow,
} from './maintenance/retention-workflows';
export type { RetentionSummary } from './maintenance/retention-run';
export type { MaintenanceWorkflowInput } from './maintenance/input';
export { inventorySyncWorkflow } from './search/inventory-sync';
export { keyRotationWorkflow } from './keys/key-rotation';
export type { KeyRotationInput, KeyRotationSummary } from './keys/key-rotation-input';
export { accountErasureWorkflow } from './privacy/account-erasure';
export type { AccountErasureInput, AccountErasureResult } from './privacy/account-erasure';
