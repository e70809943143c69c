import type { MaskOptions } from './mask-options';
import { maskValue } from './mask-value';
import { LOG_CONTEXT_FIELDS } from './request-fields';

export type LogRecord = Record<string, unknown> & { level: number };

/**
 * The masked copy of a bunyan record. Should masking itself fail, a record saying so is written
 * instead: an unmasked record never reaches a stream.
 */
export function maskRecord(record: LogRecord, options: MaskOptions): LogRecord {
  try {
    const masked = maskValue(record, options);
    if (masked !== null && typeof masked === 'object' && !Array.isArray(masked)) {
      const fields = masked as Record<string, unknown>;
      // SEC-LOG-01 fields stay on the line as null when a caller passes them as undefined.
      for (const name of LOG_CONTEXT_FIELDS)
        if (name in record && fields[name] === undefined) fields[name] = null;
      return { ...fields, level: record.level };
    }
  } catch {
    // fall through to the placeholder record
  }
  return {
    level: record.level,
    time: new Date().toISOString(),
    pid: process.pid,
    v: record.v,
    msg: '[log record dropped: masking failed]',
  };
}
