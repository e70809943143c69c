import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/app';
import { listen, closeGracefully } from '../../../api/listen';
import { idempotency } from '../../../api/middleware/idempotency';
import { createRateLimit } from '../../../api/middleware/rate-limit';
import { dependencyChecks } from '../../../api/readiness/dependency-checks';
import type { AppMiddleware } from '../../../api/state';
import { createIdempotencyStore } from '../../../lib/idempotency';
import { createLogger } from '../../../lib/logger';
import { createRateLimiter } from '../../../lib/rate-limit';
import { isRole } from '../../../lib/rbac';
import { httpRequest, type HttpAnswer, type HttpRequest } from '../../helpers/http-request';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../../helpers/redis-keys';
import type { SagaHarness } from './saga-harness';

/**
 * Stands in for authentication (tested elsewhere): `X-Test-User` names the actor, a USER unless
 * `X-Test-Role` (and `X-Test-Company`) say otherwise.
 */
const testActor = () =>
  (async (ctx, next) => {
    const user = ctx.get('X-Test-User');
    const role = ctx.get('X-Test-Role') || 'USER';
    const companyId = ctx.get('X-Test-Company') || undefined;
    if (user && isRole(role)) ctx.state.actor = { id: user, role, ...(companyId && { companyId }) };
    await next();
  }) as AppMiddleware;

export interface BookingsApp {
  url: string;
  send(req: HttpRequest): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * The real app with the booking routes over the saga harness's services, the shared Redis under
 * fresh key prefixes (rate limits, idempotency cache) and the harness's database.
 */
export async function startBookingsApp(h: SagaHarness, bookingsPerHour = 10): Promise<BookingsApp> {
  const prefix = uniquePrefix('bookings');
  const redis = await readyRedis(h.config.redis.url);
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'error' } });
  const policies = {
    ...h.config.rateLimits,
    bookings: { ...h.config.rateLimits.bookings, limit: bookingsPerHour },
  };
  const limiter = createRateLimiter({ redis, policies, keyPrefix: `${prefix}rl:` });
  const store = createIdempotencyStore({ redis, sequelize: h.sequelize, keyPrefix: `${prefix}idem:` });
  const app = createApp({
    config: h.config,
    logger,
    guards: [testActor],
    readiness: dependencyChecks({
      sequelize: h.sequelize,
      redis,
      temporal: undefined as never,
      opensearch: undefined as never,
    }),
    bookings: {
      bookings: h.deps({ cancelWindowSeconds: 30 }),
      rateLimit: createRateLimit({ limiter }),
      idempotency: idempotency(store) as AppMiddleware,
    },
  });
  const server: Server = await listen(app, { ...h.config.api, host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    send: (req) => httpRequest(url, req),
    async close() {
      await closeGracefully(server, 1_000);
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
