import type { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';

/**
 * Start options for a workflow whose id is a business key: a second start with the same id is
 * rejected with WorkflowExecutionAlreadyStartedError, whether the first run is still going
 * (conflict policy FAIL) or already closed, however it ended (reuse policy REJECT_DUPLICATE).
 * So a retried request or a lost idempotency cache can never run the same business action twice
 * (SEC-IDEM-02).
 */
export const businessKeyStart: {
  readonly workflowIdConflictPolicy: WorkflowIdConflictPolicy;
  readonly workflowIdReusePolicy: WorkflowIdReusePolicy;
} = Object.freeze({ workflowIdConflictPolicy: 'FAIL', workflowIdReusePolicy: 'REJECT_DUPLICATE' });
