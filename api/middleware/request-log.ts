import { randomUUID } from 'node:crypto';
import { requestLogFields, type Logger } from '../../lib/logger';
import { maskPans } from '../../lib/cards/pan';
import type { AppContext, AppMiddleware } from '../state';

const MAX_LOGGED_TEXT = 256;

/** Client-supplied text for a log field: bounded, and with any card number masked (SEC-VAL-04). */
function loggable(text: string): string {
  return maskPans(text.slice(0, MAX_LOGGED_TEXT));
}

function resultOf(status: number): string {
  if (status < 400) return 'success';
  if (status === 401 || status === 403) return 'denied';
  return status < 500 ? 'rejected' : 'error';
}

/** Written when the response is done, so the status is the one the client got, last-resort errors included. */
function logRequest(ctx: AppContext, startedAt: bigint): void {
  const { res } = ctx;
  const route = ctx.state.route;
  ctx.state.log.info(
    {
      action: route ? `${route.method} ${route.path}` : 'unmatched',
      result: res.writableFinished ? resultOf(res.statusCode) : 'aborted',
      status: res.statusCode,
      error_code: ctx.state.error?.code,
      error_id: ctx.state.error?.id,
      user_id: ctx.state.actor?.id,
      workflow_id: ctx.state.workflowId,
      method: ctx.method,
      // The path only: a query string may carry anything, and bodies are never logged.
      path: loggable(ctx.path),
      duration_ms: Number(process.hrtime.bigint() - startedAt) / 1e6,
    },
    'request',
  );
}

/**
 * Gives every request an id (X-Request-Id, generated here: a client cannot choose what its log lines
 * are filed under) and a child logger on `ctx.state.log` carrying the SEC-LOG-01 fields, and writes
 * one line per request when its response is done.
 */
export function requestLog(logger: Logger): AppMiddleware {
  return function requestLog(ctx, next) {
    const startedAt = process.hrtime.bigint();
    const requestId = randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    ctx.state.log = logger.child(
      requestLogFields({
        request_id: requestId,
        ip: ctx.state.clientIp,
        user_agent: loggable(ctx.get('User-Agent')),
      }),
      // bunyan's simple child: the fields only, sharing the parent's streams and serializers
      // (nothing per request changes them), instead of copying both for every request.
      true,
    );
    ctx.res.once('close', () => logRequest(ctx, startedAt));
    return next();
  };
}
