import { createWriteAudit, type WriteAuditDeps } from './write-audit';

/** The audit activities, registered by the notify worker. */
export function createAuditActivities(deps: WriteAuditDeps) {
  return { writeAudit: createWriteAudit(deps) };
}

export type AuditActivities = ReturnType<typeof createAuditActivities>;
export type { WriteAuditDeps } from './write-audit';
