import type { Client } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import type { AuditWriter } from '../../lib/audit';
import type { Config } from '../../lib/config';
import type { Actor } from '../../lib/rbac';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/** Where a request came from (SEC-VAL-09 client IP), for the audit events. */
export interface RefundOrigin {
  ip: string;
  requestId?: string;
}

/** A fresh MFA code of the approver (SEC-AUTH-06): a TOTP code or an unused recovery code. */
export interface StepUpProof {
  mfaCode?: string;
  recoveryCode?: string;
}

/**
 * What the refund services are built from. `stepUp` is services/accounts' `assertStepUp` bound to
 * the accounts deps and the `refund_approval` purpose (its failure limits included).
 */
export interface RefundsDeps {
  /** App role. */
  sequelize: Sequelize;
  temporal: Client;
  queues: TaskQueues;
  settings: Config['refunds'];
  audit: AuditWriter;
  stepUp: (actor: Actor, proof: StepUpProof, origin: RefundOrigin) => Promise<void>;
}
