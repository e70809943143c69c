import bunyan from 'bunyan';
import type { MaskOptions } from './mask-options';
import { maskRecord, type LogRecord } from './mask-record';

interface Emitter {
  _emit(record: LogRecord, noemit?: boolean): string | undefined;
}

/**
 * A bunyan Logger class whose every record is masked before any stream (or bunyan's own JSON
 * encoding, or a DTrace probe) sees it. `_emit` is the single method all of those go through;
 * bunyan creates children with `new this.constructor(...)`, so children keep the masking too.
 * bunyan is pinned to an exact version and the logger tests fail if this hook stops working.
 */
export function maskingLoggerClass(options: MaskOptions): typeof bunyan {
  const emit = (bunyan.prototype as unknown as Partial<Emitter>)._emit;
  if (typeof emit !== 'function') {
    throw new Error('bunyan Logger.prototype._emit is missing: log masking cannot be installed');
  }
  class MaskingLogger extends bunyan {}
  Object.defineProperty(MaskingLogger.prototype, '_emit', {
    value: function maskedEmit(this: bunyan, record: LogRecord, noemit?: boolean) {
      return emit.call(this, maskRecord(record, options), noemit);
    },
  });
  return MaskingLogger;
}
