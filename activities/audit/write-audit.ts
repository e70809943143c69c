import { ApplicationFailure } from '@temporalio/common';
import { AuditEventConflictError, AuditEventInvalidError } from '../../lib/audit/errors';
import type { AuditEvent } from '../../lib/audit/event';
import type { AppendedAuditEvent, AuditWriter } from '../../lib/audit/writer';

export interface WriteAuditDeps {
  writer: AuditWriter;
}

/**
 * The `writeAudit` activity (notify queue). Exactly once in effect: the event id is the
 * idempotency key, so a retry after a write whose acknowledgement was lost returns the stored
 * row instead of writing again. The workflow must therefore build the event deterministically
 * (id from `uuid4()`, time from the workflow clock), never inside the activity. An invalid or
 * conflicting event is a bug that retrying cannot fix: it fails without retry.
 */
export function createWriteAudit({ writer }: WriteAuditDeps) {
  return async function writeAudit(event: AuditEvent): Promise<AppendedAuditEvent> {
    try {
      return await writer.append(event);
    } catch (err) {
      if (err instanceof AuditEventInvalidError)
        throw ApplicationFailure.nonRetryable(err.message, 'InvalidAuditEvent');
      if (err instanceof AuditEventConflictError)
        throw ApplicationFailure.nonRetryable(err.message, 'AuditEventConflict');
      throw err;
    }
  };
}
