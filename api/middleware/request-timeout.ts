import { AppError } from '../../lib/errors';
import type { AppMiddleware } from '../state';

/**
 * SEC-RATE-03: no request is worked on for longer than the configured time. On expiry the client
 * gets a 503 and `ctx.state.signal` is aborted, so outbound calls given that signal stop too; it is
 * also aborted when the client goes away.
 */
export function requestTimeout(timeoutMs: number): AppMiddleware {
  return async function requestTimeout(ctx, next) {
    const controller = new AbortController();
    ctx.state.signal = controller.signal;
    const onClose = () => {
      if (!ctx.res.writableFinished) controller.abort(new Error('client closed the connection'));
    };
    ctx.res.once('close', onClose);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new AppError(503, 'REQUEST_TIMEOUT', 'The request took too long and was abandoned');
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
      ctx.res.off('close', onClose);
    }
  };
}
