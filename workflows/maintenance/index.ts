/** Every workflow the maintenance pool runs (workers/maintenance.ts bundles this file). */
export { auditCheckpointWorkflow } from './audit-checkpoint';
export { auditRetentionWorkflow } from './audit-retention';
export { idempotencyPurgeWorkflow } from './idempotency-purge';
export type { MaintenanceWorkflowInput } from './input';
