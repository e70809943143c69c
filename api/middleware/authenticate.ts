import type { Context } from 'koa';
import type { AccessTokenCheck, TokenRejection, TokenRequest } from '../../lib/auth/access-token-strategy';
import type { SessionService } from '../../services/sessions';
import type { RouteGuard } from '../routing/route';
import { COOKIES, readCookie } from '../security/session-cookies';

/** How the request proved who it is: cookies bring CSRF checks with them, Bearer tokens do not. */
export interface RequestAuth {
  source: 'cookie' | 'bearer';
  sessionId: string;
}

const auths = new WeakMap<object, RequestAuth>();

/** What authentication found on this request; undefined when it is anonymous. */
export function authOf(ctx: object): RequestAuth | undefined {
  return auths.get(ctx);
}

export interface AuthenticateDeps {
  verifyAccessToken: (req: TokenRequest) => Promise<AccessTokenCheck>;
  sessions: Pick<SessionService, 'authenticate'>;
  /** Told about refused tokens other than missing or expired ones (forged, wrong key, wrong type). */
  onRejected?: (ctx: Context, reason: TokenRejection) => Promise<void>;
}

const ROUTINE: ReadonlySet<TokenRejection> = new Set(['missing', 'expired']);

/**
 * Sets ctx.state.actor from a valid access token whose session is live in Redis (SEC-SESS-02,
 * SEC-SESS-04). A Bearer header wins over the cookie and is never combined with it. A refused
 * token leaves the request anonymous, so the permission check answers 401 and audits it; a
 * session store that cannot answer throws 503 (fail closed).
 */
export async function authenticateRequest(ctx: Context, deps: AuthenticateDeps): Promise<boolean> {
  const authorization = ctx.get('Authorization');
  // The cookie is parsed only when there is no Bearer header: the header wins anyway.
  const cookie = authorization ? undefined : readCookie(ctx, COOKIES.access);
  if (!authorization && !cookie) return false;
  const source = authorization ? 'bearer' : 'cookie';
  const request: TokenRequest = authorization
    ? { headers: { authorization } }
    : { headers: {}, accessCookie: cookie };
  const check = await deps.verifyAccessToken(request);
  if (!check.ok) {
    if (!ROUTINE.has(check.reason)) await deps.onRejected?.(ctx, check.reason);
    return false;
  }
  const live = await deps.sessions.authenticate(check.subject.sessionId);
  if (!live || live.userId !== check.subject.userId) return false;
  ctx.state.actor = {
    id: live.userId,
    role: live.role,
    companyId: live.companyId,
    sessionId: live.sessionId,
  };
  auths.set(ctx, { source, sessionId: live.sessionId });
  return true;
}

/** The per-route guard: every route that is not public authenticates; public ones never do. */
export function authenticateGuard(deps: AuthenticateDeps): RouteGuard {
  return (route) =>
    route.permission === 'public'
      ? undefined
      : async function authenticate(ctx, next) {
          await authenticateRequest(ctx as unknown as Context, deps);
          await next();
        };
}
