import { boolean, code, integer, text, type DetailField } from './detail-fields';

export type AuditOutcome = 'success' | 'failure' | 'denied';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

export interface AuditEventSpec {
  /** The requirement that asks for this event. */
  requirement: string;
  outcomes: readonly AuditOutcome[];
  /** Allowlisted detail keys; any other key is refused. */
  details: Readonly<Record<string, DetailField>>;
  /** Detail keys that must be present. */
  required?: readonly string[];
}

/** Detail keys every event may carry, to correlate it with logs and workflows (SEC-LOG-01). */
export const COMMON_DETAILS: Readonly<Record<string, DetailField>> = {
  requestId: code,
  workflowId: code,
  userAgent: text(256),
};

const money = { amountMinor: integer(0, 9_999_999_999), currency: code };

/**
 * Every audit event type (SEC-LOG-03, PCI DSS 10.2.1). Adding an event means adding it here; the
 * writer refuses any type, outcome or detail key not listed.
 */
export const AUDIT_CATALOGUE = {
  'auth.login.succeeded': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success'],
    details: { method: code, mfa: boolean },
  },
  'auth.login.failed': {
    requirement: 'SEC-LOG-03',
    outcomes: ['failure', 'denied'],
    details: { reason: code, failures: integer() },
    required: ['reason'],
  },
  'auth.login.new_device': {
    requirement: 'SEC-SESS-06',
    outcomes: ['success'],
    details: { device: text(200) },
  },
  'auth.logout': { requirement: 'SEC-LOG-03', outcomes: ['success'], details: { scope: code } },
  'auth.account.locked': {
    requirement: 'SEC-AUTH-04',
    outcomes: ['success'],
    details: { failures: integer(), lockedForSeconds: integer() },
  },
  'auth.mfa.enrolled': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure'],
    details: { method: code },
  },
  'auth.mfa.disabled': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure', 'denied'],
    details: { method: code },
  },
  'auth.mfa.challenged': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure', 'denied'],
    details: { purpose: code, method: code },
    required: ['purpose'],
  },
  // A wrong password or MFA code re-entered for a sensitive action ('failure'), or an attempt
  // refused because the user's failures are at their limit ('denied', reason 'limited').
  'auth.step_up.failed': {
    requirement: 'SEC-AUTH-04',
    outcomes: ['failure', 'denied'],
    details: { purpose: code, method: code, reason: code, failures: integer(), sessionFailures: integer() },
    required: ['purpose', 'reason'],
  },
  'auth.password_reset.requested': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'denied'],
    details: {},
  },
  'auth.password_reset.completed': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure'],
    details: { sessionsRevoked: integer() },
  },
  'auth.password.changed': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure'],
    details: { sessionsRevoked: integer() },
  },
  'account.created': {
    requirement: 'SEC-AUTH-07',
    outcomes: ['success'],
    details: { method: code, companyId: code },
    required: ['method'],
  },
  'account.email_verified': { requirement: 'SEC-AUTH-07', outcomes: ['success'], details: {} },
  'session.revoked': {
    requirement: 'SEC-SESS-04',
    outcomes: ['success'],
    details: { reason: code, sessions: integer() },
    required: ['reason'],
  },
  'session.token_rejected': {
    requirement: 'SEC-SESS-02',
    outcomes: ['denied'],
    details: { reason: code, route: text(200) },
    required: ['reason'],
  },
  'csrf.refused': {
    requirement: 'SEC-WEB-01',
    outcomes: ['denied'],
    details: { reason: code, method: code, route: text(200) },
    required: ['reason'],
  },
  'session.token_reuse_detected': {
    requirement: 'SEC-SESS-03',
    outcomes: ['denied'],
    details: { familyRevoked: boolean },
  },
  'authz.access_denied': {
    requirement: 'SEC-LOG-03',
    outcomes: ['denied'],
    // Route refusals: permission, method, route. Service refusals (lib/audit/access-denied.ts):
    // reason (forbidden, not_visible), the service action and the error code answered.
    details: { permission: code, method: code, route: text(200), reason: code, action: code, code },
  },
  'authz.role_changed': {
    requirement: 'SEC-AUTHZ-04',
    outcomes: ['success', 'failure', 'denied'],
    details: { fromRole: code, toRole: code, companyId: code },
    required: ['fromRole', 'toRole'],
  },
  'admin.action': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure', 'denied'],
    details: { action: code, note: text(500) },
    required: ['action'],
  },
  'pii.revealed': {
    requirement: 'SEC-DATA-03',
    outcomes: ['success', 'denied'],
    details: { field: code, purpose: text(200) },
    required: ['field'],
  },
  // Written before the first byte leaves ('success'); 'failure' when the stream broke after
  // `records` records; 'denied' with the step-up refusal's error code as `reason` (an export over
  // its rate limit is `rate_limit.hit`).
  'pii.exported': {
    requirement: 'SEC-PRIV-01',
    outcomes: ['success', 'failure', 'denied'],
    details: { format: code, records: integer(), reason: code },
  },
  'booking.created': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure'],
    details: { kind: code, ...money },
  },
  'booking.modified': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure'],
    details: { change: code, ...money },
  },
  'booking.cancelled': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure'],
    // Priced by a cancellation quote (issue 17.2): which one, and the refund it promised.
    details: { reason: code, quoteId: code, refundMinor: integer(0, 9_999_999_999) },
  },
  'payment.started': { requirement: 'SEC-LOG-03', outcomes: ['success', 'failure'], details: { ...money } },
  'payment.succeeded': { requirement: 'SEC-LOG-03', outcomes: ['success'], details: { ...money } },
  'payment.failed': {
    requirement: 'SEC-LOG-03',
    outcomes: ['failure'],
    details: { ...money, declineCode: code },
  },
  'payment.blocked': {
    requirement: 'SEC-PAY-06',
    outcomes: ['denied'],
    details: { declines: integer(), blockedForSeconds: integer() },
  },
  'refund.requested': {
    requirement: 'SEC-PAY-04',
    outcomes: ['success', 'failure', 'denied'],
    details: { ...money, reason: code },
    required: ['amountMinor', 'currency', 'reason'],
  },
  'refund.approved': {
    requirement: 'SEC-PAY-04',
    outcomes: ['success', 'failure', 'denied'],
    details: { ...money, approval: integer(1, 2) },
  },
  'refund.denied': { requirement: 'SEC-PAY-04', outcomes: ['success', 'denied'], details: { reason: code } },
  'refund.escalated': {
    requirement: 'SEC-PAY-04',
    outcomes: ['success'],
    details: { ...money, waitedSeconds: integer() },
  },
  'refund.expired': { requirement: 'SEC-PAY-04', outcomes: ['failure'], details: { ...money } },
  'refund.issued': {
    requirement: 'SEC-PAY-04',
    outcomes: ['success', 'failure'],
    details: { ...money, refundStatus: code },
  },
  // Issue 18.1: reviews. Moderation acts (publish, reject or take down, each with the moderator
  // as actor) and abuse reports are admin and user actions on published text (SEC-LOG-03).
  'review.submitted': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success'],
    details: { kind: code, bookingId: code },
  },
  'review.published': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'denied'],
    details: { previousStatus: code, reportsClosed: integer() },
  },
  'review.rejected': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'denied'],
    details: { reason: code, previousStatus: code, reportsClosed: integer() },
    required: ['reason'],
  },
  'review.reported': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success', 'failure'],
    details: { reason: code },
    required: ['reason'],
  },
  // Issue 17.5: one summary per daily reconciliation run; the findings themselves are rows of
  // reconciliation_findings (ids and amounts), listed to operators.
  'reconciliation.completed': {
    requirement: 'SEC-LOG-03',
    outcomes: ['success'],
    details: {
      day: code,
      compared: integer(),
      newFindings: integer(),
      findings: integer(),
      authorisationsCancelled: integer(),
    },
    required: ['day', 'compared', 'newFindings', 'findings'],
  },
  'rate_limit.hit': {
    requirement: 'SEC-RATE-01',
    outcomes: ['denied'],
    details: { limit: code, retryAfterSeconds: integer() },
    required: ['limit'],
  },
  'key.rotated': {
    requirement: 'SEC-DATA-02',
    outcomes: ['success', 'failure', 'denied'],
    details: { keyClass: code, fromVersion: integer(), toVersion: integer() },
    required: ['keyClass'],
  },
  'key.retired': {
    requirement: 'SEC-DATA-02',
    outcomes: ['success', 'failure', 'denied'],
    details: { keyClass: code, version: integer(1), reason: code },
    required: ['keyClass', 'version'],
  },
  'audit.read': {
    requirement: 'SEC-LOG-06',
    outcomes: ['success', 'denied'],
    details: { query: text(500), rows: integer() },
  },
  // One per run of a retention schedule (tools/schedules/definitions.ts): which rule, the cutoff it
  // applied (from the run's clock) and how many rows or files it removed, anonymised or compressed.
  'retention.applied': {
    requirement: 'SEC-PRIV-03',
    outcomes: ['success'],
    details: {
      rule: code,
      cutoff: code,
      purged: integer(),
      anonymised: integer(),
      compressed: integer(),
      batches: integer(),
    },
    required: ['rule', 'cutoff'],
  },
  // SEC-PRIV-02: an account's erasure asked (grace starts), cancelled within the grace, done.
  'account.deletion_requested': {
    requirement: 'SEC-PRIV-02',
    outcomes: ['success'],
    details: { graceSeconds: integer() },
  },
  'account.deletion_cancelled': { requirement: 'SEC-PRIV-02', outcomes: ['success', 'failure'], details: {} },
  'account.erased': {
    requirement: 'SEC-PRIV-02',
    outcomes: ['success'],
    details: { pseudonym: code },
    required: ['pseudonym'],
  },
  'audit.expired': {
    requirement: 'SEC-LOG-05',
    outcomes: ['success'],
    details: { throughSequence: integer(1), cutoff: code },
    required: ['throughSequence', 'cutoff'],
  },
} as const satisfies Record<string, AuditEventSpec>;

export type AuditEventType = keyof typeof AUDIT_CATALOGUE;

export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_CATALOGUE) as AuditEventType[];

export function isAuditEventType(value: unknown): value is AuditEventType {
  return typeof value === 'string' && Object.hasOwn(AUDIT_CATALOGUE, value);
}

export function auditEventSpec(type: AuditEventType): AuditEventSpec {
  return AUDIT_CATALOGUE[type];
}
