import { Writable } from 'node:stream';
import Koa from 'koa';
import { errorHandler } from '../../api/middleware/error-handler';
import { createLogger } from '../../lib/logger';
import { isRole, type Actor } from '../../lib/rbac';

const silent = new Writable({ write: (_chunk, _enc, done) => done() });

/**
 * A Koa app with the real error handler (SEC-ERR-01 bodies) and a test stand-in for
 * authentication: `X-Test-User: <id>` and `X-Test-Role: <role>` become ctx.state.actor, as the
 * real authentication sets it. `X-Test-IP` stands in for the client address (ctx.state.clientIp).
 */
export function bareKoaApp(): Koa {
  const app = new Koa();
  const log = createLogger({ serviceName: 'bare-koa-test', log: { level: 'fatal' } }, silent);
  app.use(async (ctx, next) => {
    ctx.state.log = log;
    ctx.state.clientIp = ctx.get('X-Test-IP') || ctx.ip;
    const id = ctx.get('X-Test-User');
    const role = ctx.get('X-Test-Role') || 'USER';
    if (id && isRole(role)) ctx.state.actor = { id, role } satisfies Actor;
    await next();
  });
  app.use(errorHandler() as Koa.Middleware);
  return app;
}
