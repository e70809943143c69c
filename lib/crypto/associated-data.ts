import type { KeyRef } from './field-ciphertext';
import { FORMAT_VERSION } from './field-ciphertext';

/** Where a field value lives. The ciphertext is bound to it (SEC-DATA-01). */
export interface FieldLocation {
  table: string;
  column: string;
  rowId: string;
}

/**
 * GCM associated data: format, key reference, table, column, row id and, for per-user keys, the
 * user id. A ciphertext copied to another row or column, or given a rewritten header, fails to
 * authenticate. JSON of an array is unambiguous whatever the parts contain.
 */
export function fieldAssociatedData(location: FieldLocation, key: KeyRef, userId?: string): Buffer {
  return Buffer.from(
    JSON.stringify([
      FORMAT_VERSION,
      key.keyClass,
      key.version,
      location.table,
      location.column,
      location.rowId.toLowerCase(),
      userId?.toLowerCase() ?? null,
    ]),
    'utf8',
  );
}
