import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { requestLogFields, type LogContext, type Logger } from '../lib/logger';

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

/** How the SDK's own lifecycle lines end, by message (the SDK says it only in words). */
const RESULTS: Readonly<Record<string, string>> = {
  'Activity completed': 'success',
  'Activity failed': 'failure',
  'Activity completed as cancelled': 'cancelled',
  'Activity will complete asynchronously': 'pending',
  'Workflow completed': 'success',
  'Workflow failed': 'failure',
  'Workflow completed as cancelled': 'cancelled',
  'Workflow continued as new': 'continued',
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** An AppError's code, or an ApplicationFailure's type; nothing else names an error code. */
function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; type?: unknown; cause?: unknown };
  return text(e.code) ?? text(e.type) ?? (e.cause === error ? undefined : errorCodeOf(e.cause));
}

/**
 * The SEC-LOG-01 fields of a worker line, from the metadata the SDK attaches to workflow and
 * activity context logs: which workflow (`workflow_id`), what ran (`action`: the activity or
 * workflow type), how it ended (`result`) and the `error_code` where there is one. A caller's own
 * `action`/`result`/`error_code` win; request fields (request_id, user_id, ip, …) are null here.
 */
export function workerLogFields(message: string, meta: LogMetadata): LogContext {
  const activity = text(meta.activityType);
  const workflow = text(meta.workflowType);
  const error = meta.error ?? meta.err;
  return requestLogFields({
    workflow_id: text(meta.workflowId) ?? text(meta.workflow_id),
    action:
      text(meta.action) ??
      (activity ? `activity.${activity}` : workflow ? `workflow.${workflow}` : undefined),
    result: text(meta.result) ?? RESULTS[message] ?? (error === undefined ? undefined : 'failure'),
    error_code: text(meta.error_code) ?? errorCodeOf(error),
  });
}

/**
 * Sends the SDK's, the core's, and the workflow and activity context loggers' records to bunyan,
 * so worker logs go through the same (masking) logger as everything else. Every line carries the
 * SEC-LOG-01 field set (see `workerLogFields`); Temporal's `error` becomes bunyan's `err`
 * (serialized with its stack).
 */
export class BunyanTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(meta)) {
      if (k === 'error') fields.err = v;
      else fields[k] = v;
    }
    Object.assign(fields, workerLogFields(message, meta));
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
