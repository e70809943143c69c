import { errors as opensearchErrors } from '@opensearch-project/opensearch';
import { isGrpcServiceError } from '@temporalio/client';
import { ReplyError } from 'ioredis';
import { ConnectionError as SequelizeConnectionError, DatabaseError } from 'sequelize';

/**
 * Which errors mean "the dependency is down or hung" (they open its breaker and answer 503), as
 * opposed to the dependency answering no (a constraint, a missing index, a workflow that exists),
 * which is the caller's business and never counts.
 */

/** SQLSTATE classes 08 (connection), 53 (resources: too many connections), 57 (operator: query canceled by statement_timeout, shutdown). */
const POSTGRES_UNAVAILABLE_STATE = /^(08|53|57)/;
/** What node-postgres says about a dead or hung socket (no SQLSTATE). */
const POSTGRES_UNAVAILABLE_MESSAGE =
  /Query read timeout|Connection terminated|not queryable|ECONNRESET|ECONNREFUSED|EPIPE|timeout exceeded when trying to connect/i;

export function isPostgresFailure(error: unknown): boolean {
  if (error instanceof SequelizeConnectionError) return true; // refused, acquire timeout, connect timeout…
  if (!(error instanceof DatabaseError)) return false;
  const original = error.original as { code?: unknown; message?: unknown } | undefined;
  if (typeof original?.code === 'string' && POSTGRES_UNAVAILABLE_STATE.test(original.code)) return true;
  return POSTGRES_UNAVAILABLE_MESSAGE.test(String(original?.message ?? error.message));
}

/** Anything but Redis's own error reply: a timeout, a closed or unwritable connection. */
export function isRedisFailure(error: unknown): boolean {
  return !(error instanceof (ReplyError as new () => Error));
}

const OPENSEARCH_UNAVAILABLE_STATUS = new Set([502, 503, 504]);

export function isOpenSearchFailure(error: unknown): boolean {
  if (
    error instanceof opensearchErrors.ConnectionError ||
    error instanceof opensearchErrors.TimeoutError ||
    error instanceof opensearchErrors.NoLivingConnectionsError
  ) {
    return true;
  }
  return (
    error instanceof opensearchErrors.ResponseError &&
    OPENSEARCH_UNAVAILABLE_STATUS.has(error.statusCode ?? 0)
  );
}

/** gRPC DEADLINE_EXCEEDED (4), RESOURCE_EXHAUSTED (8), UNAVAILABLE (14). */
const TEMPORAL_UNAVAILABLE_CODES = new Set([4, 8, 14]);

/** The gRPC status anywhere in the cause chain: the SDK wraps it in ServiceError and its own errors. */
export function isTemporalFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (isGrpcServiceError(current) && TEMPORAL_UNAVAILABLE_CODES.has(current.code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
