import type { Context } from 'koa';
import type { AccountsDeps, Origin } from '../../../services/accounts';
import { errors } from '../../../lib/errors';
import type { createRateLimit } from '../../middleware/rate-limit';

/** What the account routes are built from: the account services and the named rate limits. */
export interface AccountsApi {
  accounts: AccountsDeps;
  rateLimit: ReturnType<typeof createRateLimit>;
}

/** Apps built without accounts (some tests) still list the routes; using one answers 503. */
export function needAccounts(api: AccountsApi | undefined): AccountsApi {
  if (!api) throw errors.unavailable();
  return api;
}

/** The request's origin for audit events and emails: SEC-VAL-09's client IP, the User-Agent, the request id. */
export function originOf(ctx: Pick<Context, 'get' | 'state'>): Origin {
  const ip: unknown = ctx.state.clientIp;
  const requestId: unknown = ctx.state.requestId;
  return {
    ip: typeof ip === 'string' ? ip : '0.0.0.0',
    userAgent: ctx.get('User-Agent').slice(0, 256),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}
