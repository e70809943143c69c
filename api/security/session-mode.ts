import type { Context } from 'koa';
import type { SessionMode } from '../../services/sessions';

/**
 * SEC-SESS-01: browsers get cookies, other clients ask for tokens with `X-Session-Mode: bearer`.
 * A page on another site cannot send that header without a CORS preflight the API refuses, so it
 * cannot opt a victim's browser out of the cookie and CSRF rules.
 */
export function requestedSessionMode(ctx: Pick<Context, 'get'>): SessionMode {
  return ctx.get('X-Session-Mode').toLowerCase() === 'bearer' ? 'bearer' : 'browser';
}

/** The client facts a session records: the trusted client address and the User-Agent. */
export function sessionClientOf(ctx: Pick<Context, 'get' | 'state'>): { ip: string; userAgent: string } {
  const ip: unknown = ctx.state.clientIp;
  return { ip: typeof ip === 'string' ? ip : '0.0.0.0', userAgent: ctx.get('User-Agent').slice(0, 512) };
}
