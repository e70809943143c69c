import type { Context } from 'koa';
import { checkRequestOrigin, sameToken, type CsrfBinding, type CsrfTokens } from '../../lib/csrf';
import { AppError } from '../../lib/errors';
import type { RouteGuard } from '../routing/route';
import { COOKIES, readCookie } from '../security/session-cookies';
import { requestedSessionMode } from '../security/session-mode';
import { authOf } from './authenticate';

export interface CsrfDeps {
  tokens: CsrfTokens;
  /** config.sessions.allowedOrigins: the public URL's origin and the CORS allowlist. */
  allowedOrigins: readonly string[];
  /** Told about every refusal (audit `csrf.refused`); its failure never lets a request through. */
  onRefused?: (ctx: Context, reason: string) => Promise<void>;
}

const preSessionRoutes = new WeakSet<object>();
const originCheckedRoutes = new WeakMap<object, readonly string[]>();
const verified = new WeakSet<object>();

/**
 * Marks a public route that starts a browser session (login): the CSRF guard then requires the
 * pre-session token on it (SEC-WEB-01 "login has a pre-session token").
 */
export function preSessionCsrf<R extends object>(route: R): R {
  preSessionRoutes.add(route);
  return route;
}

/**
 * Marks the one route a page of another origin calls with the operator's cookies and cannot give
 * the double-submit token: the Temporal UI's codec requests (its settings offer "include
 * credentials", nothing else). There the token is replaced by OWASP's "verifying origin with
 * standard headers": the Origin header is required and must be exactly one of `origins`. A
 * forged cross-site request cannot choose its Origin, and the SameSite=Strict cookies are not
 * sent from another site at all. The route must not change anything but the audit log.
 */
export function originCheckedCsrf<R extends object>(route: R, origins: readonly string[]): R {
  originCheckedRoutes.set(route, [...origins]);
  return route;
}

/** Whether this request passed a CSRF check (the session answer refuses to set cookies otherwise). */
export function csrfVerified(ctx: object): boolean {
  return verified.has(ctx);
}

function refusal(): AppError {
  return new AppError(403, 'CSRF_REFUSED', 'Access denied');
}

/**
 * Origin first (Sec-Fetch-Site, Origin, Referer against the allowlist), then the double submit:
 * `X-CSRF-Token` equal to the `__Host-th_csrf` cookie and signed for `binding`. Else 403.
 */
export async function requireCsrf(
  ctx: Context,
  binding: CsrfBinding | undefined,
  deps: CsrfDeps,
): Promise<void> {
  const cross = checkRequestOrigin(
    {
      secFetchSite: ctx.get('Sec-Fetch-Site') || undefined,
      origin: ctx.get('Origin') || undefined,
      referer: ctx.get('Referer') || undefined,
    },
    deps.allowedOrigins,
  );
  const header = ctx.get('X-CSRF-Token');
  const cookie = readCookie(ctx, COOKIES.csrf);
  const reason =
    cross ??
    (!header
      ? 'token_missing'
      : !cookie || !sameToken(header, cookie)
        ? 'cookie_mismatch'
        : !binding
          ? 'no_pre_session'
          : !deps.tokens.verify(header, binding)
            ? 'token_invalid'
            : undefined);
  if (reason === undefined) {
    verified.add(ctx);
    return;
  }
  await refuse(ctx, reason, deps);
}

async function refuse(ctx: Context, reason: string, deps: CsrfDeps): Promise<never> {
  try {
    await deps.onRefused?.(ctx, reason);
  } catch (err) {
    (ctx.state as { log?: { error(f: object, m: string): void } }).log?.error(
      { err },
      'could not record a CSRF refusal',
    );
  }
  throw refusal();
}

/** originCheckedCsrf's check: an Origin header, exactly one of the route's origins. */
async function requireExactOrigin(ctx: Context, origins: readonly string[], deps: CsrfDeps): Promise<void> {
  const origin = ctx.get('Origin');
  if (origin && origins.includes(origin)) return;
  await refuse(ctx, origin ? 'origin' : 'no_origin', deps);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * SEC-WEB-01 per route; runs after authentication. Cookie-authenticated state-changing requests
 * need a token bound to their session; marked login routes need the pre-session token unless the
 * client asked for Bearer tokens; Bearer-authenticated requests carry no ambient credential and
 * need none. GET routes are never checked: they never change state.
 */
export function csrfGuard(deps: CsrfDeps): RouteGuard {
  return (route) => {
    if (SAFE_METHODS.has(route.method)) return undefined;
    const preSession = preSessionRoutes.has(route);
    const exactOrigins = originCheckedRoutes.get(route);
    return async function csrf(ctx, next) {
      const context = ctx as unknown as Context;
      const auth = authOf(ctx);
      if (auth?.source === 'cookie' && exactOrigins) {
        await requireExactOrigin(context, exactOrigins, deps);
      } else if (auth?.source === 'cookie') {
        await requireCsrf(context, `s:${auth.sessionId}`, deps);
      } else if (!auth && preSession && requestedSessionMode(ctx) === 'browser') {
        const pre = readCookie(ctx, COOKIES.preSession);
        await requireCsrf(context, pre ? `p:${pre}` : undefined, deps);
      }
      await next();
    };
  };
}
