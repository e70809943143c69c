import type Koa from 'koa';
import type { Logger } from '../../lib/logger';
import { errorAnswer } from '../errors/error-body';
import type { AppContext, AppState } from '../state';
import { logError } from './error-handler';
import type { HeaderWriter } from './security-headers';

/**
 * Replaces Koa's `ctx.onerror`, which answers in plain text and drops every header. Whatever escapes
 * the middleware chain, such as a body Koa cannot serialise, still gets SEC-ERR-01's body,
 * SEC-WEB-03's headers and a log line with its error_id (SEC-ERR-03). A streamed body that fails has
 * already destroyed the response (Koa pipes it): the error is logged and the connection is cut.
 */
export function installLastResort(
  app: Koa<AppState>,
  logger: Logger,
  writeSecurityHeaders: HeaderWriter,
  unavailableRetryAfterSeconds?: number,
): void {
  app.context.onerror = function lastResort(this: AppContext, err: unknown) {
    // Koa also calls this with null when a response finishes normally.
    if (err === null || err === undefined) return;
    const state = this.state as Partial<AppState>;
    const answer = errorAnswer(err, unavailableRetryAfterSeconds);
    logError(state.log ?? logger, err, answer);
    state.error = { code: answer.body.error_code, id: answer.body.error_id };
    const res = this.res;
    if (res.headersSent || !res.writable) {
      res.destroy();
      return;
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    writeSecurityHeaders(this.req, res);
    if (state.requestId) res.setHeader('X-Request-Id', state.requestId);
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    const body = JSON.stringify(answer.body);
    res.statusCode = answer.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };
}
