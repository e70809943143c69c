import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../../lib/logger';
import { errorAnswer, type ErrorAnswer } from '../errors/error-body';
import type { AppMiddleware } from '../state';

/** Logs the error under its error_id, so the id in an answer finds its log line (SEC-ERR-01). */
export function logError(log: Logger, err: unknown, answer: ErrorAnswer): void {
  const fields = {
    error_id: answer.body.error_id,
    error_code: answer.body.error_code,
    status: answer.status,
  };
  if (answer.status >= 500) log.error({ ...fields, err }, 'request failed');
  else log.info(fields, 'request refused');
}

/** Puts the headers back as they were when saved, dropping whatever was added since. */
function restoreHeaders(res: ServerResponse, saved: OutgoingHttpHeaders): void {
  for (const name of res.getHeaderNames()) {
    if (!(name in saved)) res.removeHeader(name);
  }
  for (const [name, value] of Object.entries(saved)) {
    if (value !== undefined) res.setHeader(name, value);
  }
}

/**
 * Turns every error thrown below it into SEC-ERR-01's body. Headers set by outer middleware
 * (request id, security headers, CORS) survive; whatever a failing handler had set does not.
 * A 503 without Retry-After gets `unavailableRetryAfterSeconds` (issue 20.2).
 */
export function errorHandler(unavailableRetryAfterSeconds?: number): AppMiddleware {
  return async function errorHandler(ctx, next) {
    const saved = ctx.res.getHeaders();
    try {
      await next();
    } catch (err) {
      if (ctx.headerSent) throw err;
      const answer = errorAnswer(err, unavailableRetryAfterSeconds);
      logError(ctx.state.log, err, answer);
      ctx.state.error = { code: answer.body.error_code, id: answer.body.error_id };
      restoreHeaders(ctx.res, saved);
      ctx.set(answer.headers);
      ctx.status = answer.status;
      ctx.body = answer.body;
    }
  };
}
