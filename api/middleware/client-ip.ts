import type { AppMiddleware } from '../state';
import { addressSet } from '../net/address-set';
import { clientAddress } from '../net/client-address';

/**
 * SEC-VAL-09: `ctx.state.clientIp` for rate limits, audit and logs. Koa's `app.proxy` stays off,
 * so `ctx.ip` never believes X-Forwarded-For from just anyone.
 */
export function clientIp(trustedProxies: readonly string[]): AppMiddleware {
  const trusted = addressSet(trustedProxies);
  return function clientIp(ctx, next) {
    const forwardedFor = ctx.get('X-Forwarded-For') || undefined;
    ctx.state.clientIp = clientAddress(ctx.req.socket.remoteAddress, forwardedFor, trusted);
    return next();
  };
}
