import * as yup from 'yup';
import { preSessionCsrf } from '../../../api/middleware/csrf';
import { answer, defineRoute, type RouteDeclaration } from '../../../api/routing';
import { sessionAnswerExample, sessionAnswerSchema } from '../../../api/security/session-answer';
import { requestedSessionMode } from '../../../api/security/session-mode';
import type { SessionSecurity } from '../../../api/security/session-security';
import { isRole } from '../../../lib/rbac';
import type { HttpAnswer } from '../../helpers/http-request';
import { cookieHeader, setCookies, type Served } from './session-fixture';

const body = yup.object({ userId: yup.string().uuid().required(), role: yup.string().required() });

/**
 * A stand-in for the accounts engineer's login route (which checks the password): marked for the
 * pre-session CSRF check and answering through SessionHttp.begin, exactly as the real one must.
 * `unmarked` is the same route without the marker, to prove begin() refuses it in browser mode.
 */
export function testLoginRoutes(security: () => SessionSecurity): RouteDeclaration[] {
  const declare = (path: string) =>
    defineRoute({
      method: 'POST',
      path,
      summary: 'test login',
      permission: 'public',
      body,
      responses: { 200: answer.json('session', sessionAnswerSchema, sessionAnswerExample) },
      async handler(ctx) {
        const { userId, role } = ctx.state.input.body;
        if (!isRole(role)) throw new Error('bad role');
        ctx.body = await security().http.begin(ctx, { id: userId, role }, requestedSessionMode(ctx));
      },
    });
  return [preSessionCsrf(declare('/test/login')), declare('/test/unmarked-login')] as RouteDeclaration[];
}

export interface BrowserSession {
  login: HttpAnswer;
  /** Cookie values the browser now holds, by name. */
  jar: Record<string, string>;
  csrfToken: string;
  cookie(): string;
}

/** The browser flow: fetch a pre-session CSRF token, then log in same-origin with it. */
export async function browserLogin(served: Served, userId: string, role = 'USER'): Promise<BrowserSession> {
  const pre = await served.send({ path: '/api/v1/auth/csrf', headers: { 'Sec-Fetch-Site': 'same-origin' } });
  const jar: Record<string, string> = {};
  for (const [name, { value }] of setCookies(pre)) jar[name] = value;
  const login = await served.send({
    method: 'POST',
    path: '/test/login',
    headers: {
      'Content-Type': 'application/json',
      'Sec-Fetch-Site': 'same-origin',
      'X-CSRF-Token': pre.json.csrfToken as string,
      Cookie: cookieHeader(jar),
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    },
    body: JSON.stringify({ userId, role }),
  });
  for (const [name, { value }] of setCookies(login)) {
    if (value === '') delete jar[name];
    else jar[name] = value;
  }
  return {
    login,
    jar,
    csrfToken: String(login.headers['x-csrf-token'] ?? ''),
    cookie: () => cookieHeader(jar),
  };
}
