import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '../lib/logger';

const BUNYAN_METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The Temporal level that lets through what the bunyan level lets through. */
export function temporalLevel(level: string): LogLevel {
  switch (level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}

/**
 * Sends the SDK's, the core's, and the workflow and activity context loggers' records to bunyan,
 * so worker logs go through the same (masking) logger as everything else. Temporal's `error`
 * becomes bunyan's `err` (serialized with its stack), and `workflowId` is also written as
 * `workflow_id` (SEC-LOG-01).
 */
export class BunyanTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(meta)) {
      if (k === 'error') fields.err = v;
      else fields[k] = v;
    }
    if (typeof meta.workflowId === 'string') fields.workflow_id = meta.workflowId;
    this.logger[BUNYAN_METHOD[level]](fields, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
