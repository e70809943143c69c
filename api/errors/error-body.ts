import { randomUUID } from 'node:crypto';
import { AppError } from '../../lib/errors';

/** SEC-ERR-01: the one body every error answer has. */
export interface ErrorBody {
  error_code: string;
  message: string;
  error_id: string;
  timestamp: string;
  details?: Record<string, unknown>;
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

const INTERNAL = { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' };

/** Codes and messages for 4xx errors thrown by libraries (http-errors), whose own text is not ours to show. */
const CLIENT_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'Bad request' },
  401: { code: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' },
  403: { code: 'ACCESS_DENIED', message: 'Access denied' },
  404: { code: 'NOT_FOUND', message: 'Resource not found' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed' },
  408: { code: 'REQUEST_TIMEOUT', message: 'Request timed out' },
  409: { code: 'CONFLICT', message: 'Conflict' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported media type' },
  422: { code: 'UNPROCESSABLE', message: 'Request could not be processed' },
  429: { code: 'RATE_LIMITED', message: 'Too many requests' },
};

interface LibraryHttpError {
  status: number;
  expose: true;
}

function isExposedClientError(err: unknown): err is LibraryHttpError {
  if (typeof err !== 'object' || err === null) return false;
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

function answer(status: number, code: string, message: string, details?: Record<string, unknown>) {
  const body: ErrorBody = {
    error_code: code,
    message,
    error_id: randomUUID(),
    timestamp: new Date().toISOString(),
  };
  if (details !== undefined) body.details = details;
  return { status, body };
}

/**
 * Turns anything thrown into the answer the client sees. AppErrors are written to be shown (SEC-ERR-01)
 * and keep their status, code, message, details and headers, except that a 500 is always generic;
 * a 503 without Retry-After gets `unavailableRetryAfterSeconds` (config.dependencies.retryAfterSeconds).
 * Library 4xx errors get a generic message for their status; everything else is a generic 500, so no
 * stack, SQL, hostname or path in an unexpected error's message ever reaches a client (SEC-ERR-03).
 */
export function errorAnswer(err: unknown, unavailableRetryAfterSeconds?: number): ErrorAnswer {
  if (err instanceof AppError && err.status >= 400 && err.status < 600 && err.status !== 500) {
    const headers = { ...err.headers };
    // Issue 20.2: every 503 tells the client when to come back (a breaker's own, or the default).
    const hasRetryAfter = Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after');
    if (err.status === 503 && unavailableRetryAfterSeconds !== undefined && !hasRetryAfter) {
      headers['Retry-After'] = String(unavailableRetryAfterSeconds);
    }
    return { ...answer(err.status, err.code, err.message, err.details), headers };
  }
  if (isExposedClientError(err)) {
    const known = CLIENT_ERRORS[err.status] ?? { code: 'BAD_REQUEST', message: 'Request refused' };
    return { ...answer(err.status, known.code, known.message), headers: {} };
  }
  return { ...answer(500, INTERNAL.code, INTERNAL.message), headers: {} };
}
