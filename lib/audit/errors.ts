/** The event does not satisfy the catalogue: a programming error, never retried. */
export class AuditEventInvalidError extends Error {
  override name = 'AuditEventInvalidError';
  constructor(readonly problems: string[]) {
    super(`invalid audit event: ${problems.join('; ')}`);
  }
}

/** An event id already stored with different content: a bug or a forgery, never overwritten. */
export class AuditEventConflictError extends Error {
  override name = 'AuditEventConflictError';
  constructor(readonly eventId: string) {
    super(`audit event ${eventId} is already stored with different content`);
  }
}

/** Retention refused to cut the log (SEC-LOG-05). */
export class AuditRetentionError extends Error {
  override name = 'AuditRetentionError';
}
