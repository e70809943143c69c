/** The audit log (SEC-LOG-03..06): catalogue, hash-chained writer, checkpoints, verifier, retention. */
export {
  AUDIT_CATALOGUE,
  AUDIT_EVENT_TYPES,
  AUDIT_OUTCOMES,
  COMMON_DETAILS,
  isAuditEventType,
} from './catalogue';
export type { AuditEventSpec, AuditEventType, AuditOutcome } from './catalogue';
export type { DetailField, DetailValue } from './detail-fields';
export { AUDIT_ACTOR_TYPES, AUDIT_RECORD_VERSION } from './event';
export type { AuditActorType, AuditEvent, AuditEventInput } from './event';
export { AuditEventConflictError, AuditEventInvalidError, AuditRetentionError } from './errors';
export { validateAuditEvent } from './validate-event';
export { newAuditEvent } from './new-event';
export { auditActorOf, personEvent, type PersonAct } from './person-event';
export { accessDeniedEvent, auditingDenials, auditingServiceDenials } from './access-denied';
export type { AccessDeniedFacts, DenialScope, DenialTarget } from './access-denied';
export { canonicalJson } from './canonical-json';
export { canonicalAuditRecord, parseAuditRecord, MAX_RECORD_BYTES } from './record';
export { chainHash, GENESIS_HASH } from './chain-hash';
export { createAuditWriter, appendInTransaction, MAX_AUDIT_BATCH } from './writer';
export { appendBatchInTransaction } from './append-batch';
export type { BatchOutcome } from './append-batch';
export type { AppendedAuditEvent, AuditWriter } from './writer';
export {
  AUDIT_PUBLIC_KEYS_FILE,
  AUDIT_SIGNING_KEY_SECRET,
  auditKeyId,
  auditSignerFromPem,
  auditVerifyKeysFromPem,
  loadAuditSigner,
  loadAuditVerifyKeys,
} from './signing-keys';
export type { AuditSigner, AuditVerifyKeys } from './signing-keys';
export { checkpointMessage, checkpointSignatureProblem, signCheckpoint } from './checkpoint-signature';
export type { AuditCheckpoint } from './checkpoint-signature';
export { createCheckpoint, findCheckpoint, listCheckpoints } from './checkpoints';
export { verifyAuditChain } from './verify-chain';
export type { AuditChainSummary, AuditVerification } from './verify-chain';
export {
  AUDIT_RETENTION_MONTHS,
  MIN_AUDIT_RETENTION_MONTHS,
  expireAuditLog,
  expireBefore,
  retentionCutoff,
} from './retention';
export type { AuditExpiry, ExpireOptions } from './retention';
export { MAX_AUDIT_PAGE, VIEW_AUDIT_LOGS, readAuditLog } from './reader';
export type { AuditLogEntry, AuditLogQuery, AuditLogStore } from './reader';
