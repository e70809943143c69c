/**
 * The fields every request and workflow log line carries (SEC-LOG-01). The API's request
 * middleware builds its child loggers with `requestLogFields`; the workers' Temporal log adapter
 * (workers/log-adapter.ts) builds them for every SDK, workflow and activity line, and their own
 * lines (workers/bootstrap.ts). Every line has every field: `null` marks "not known (yet)", never
 * a missing key.
 */
export const LOG_CONTEXT_FIELDS = [
  'request_id',
  'user_id',
  'ip',
  'user_agent',
  'action',
  'result',
  'error_code',
  'workflow_id',
] as const;

export type LogContextField = (typeof LOG_CONTEXT_FIELDS)[number];

export interface LogContext {
  request_id: string | null;
  user_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** What was attempted, e.g. `auth.login`, `booking.create`. */
  action: string | null;
  /** How it ended, e.g. `success`, `failure`, `denied`. */
  result: string | null;
  error_code: string | null;
  workflow_id: string | null;
}

const MAX_USER_AGENT_LENGTH = 512;

/** All SEC-LOG-01 fields, unknown ones as null; values are masked when the record is written. */
export function requestLogFields(input: Partial<LogContext>): LogContext {
  const fields = {} as LogContext;
  for (const name of LOG_CONTEXT_FIELDS) fields[name] = input[name] ?? null;
  if (fields.user_agent !== null) fields.user_agent = fields.user_agent.slice(0, MAX_USER_AGENT_LENGTH);
  return fields;
}
