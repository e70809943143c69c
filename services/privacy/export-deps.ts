import type { Sequelize } from 'sequelize';
import type { AuditWriter } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { SessionSummary } from '../sessions';

/** Where the request came from (SEC-VAL-09 client IP), for the audit events. */
export interface ExportOrigin {
  ip: string;
  userAgent?: string;
  requestId?: string;
}

/** A fresh MFA code of the caller (SEC-AUTH-06): a TOTP code or an unused recovery code. */
export interface ExportStepUpProof {
  mfaCode?: string;
  recoveryCode?: string;
}

/**
 * What the export is built from. `stepUp` is services/accounts' `assertStepUp` bound to the
 * accounts deps and the `data_export` purpose (its failure limits included); `listSessions` is the
 * session service's own "my sessions" (SEC-SESS-05), as the sessions live in Redis.
 */
export interface PrivacyExportDeps {
  /** App role, its keyring attached: the owner's fields are decrypted for the owner. */
  sequelize: Sequelize;
  audit: AuditWriter;
  stepUp: (actor: Actor, proof: ExportStepUpProof, origin: ExportOrigin) => Promise<void>;
  listSessions: (actor: Actor) => Promise<SessionSummary[]>;
  /** Rows read per query while streaming (bookings, audit events); tests make it small to page. */
  pageSize?: number;
  now?: () => Date;
}

/** Large enough that a typical user's export is a handful of queries, small enough to stream. */
export const EXPORT_PAGE_SIZE = 200;
