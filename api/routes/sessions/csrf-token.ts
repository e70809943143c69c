import { randomBytes } from 'node:crypto';
import * as yup from 'yup';
import type { CsrfBinding } from '../../../lib/csrf';
import { authOf, authenticateRequest } from '../../middleware/authenticate';
import { answer, defineRoute } from '../../routing';
import { COOKIES, readCookie, setCookie } from '../../security/session-cookies';
import type { SessionSecurity } from '../../security/session-security';
import { needSessions } from './need-sessions';

const PRE_SESSION_SECONDS = 3_600;

const csrfAnswer = yup.object({
  csrfToken: yup.string().required().description('Send back as X-CSRF-Token on state-changing requests'),
});

/**
 * SEC-WEB-01: the token a page sends as X-CSRF-Token. Signed in with cookies it is bound to the
 * session; otherwise to a fresh pre-session cookie (for the login form). The double-submit cookie
 * is HttpOnly as well: the page keeps the token from this answer, not from document.cookie.
 * Issuing a token changes nothing on the server: this GET is safe.
 */
export function csrfTokenRoute(security: SessionSecurity | undefined) {
  return defineRoute({
    method: 'GET',
    path: '/api/v1/auth/csrf',
    summary: 'A CSRF token for this browser session (or for the login form before one exists)',
    tag: 'auth',
    permission: 'public',
    responses: {
      200: answer.json('The token; also set as the __Host-th_csrf cookie.', csrfAnswer, {
        csrfToken: 'Vq3t…base64url….mac',
      }),
    },
    async handler(ctx) {
      const s = needSessions(security);
      await authenticateRequest(ctx, s.authenticate);
      const auth = authOf(ctx);
      let binding: CsrfBinding;
      let maxAge = PRE_SESSION_SECONDS;
      if (auth?.source === 'cookie') {
        binding = `s:${auth.sessionId}`;
        maxAge = s.sessionLifetimeSeconds;
      } else {
        const pre = readCookie(ctx, COOKIES.preSession) ?? randomBytes(32).toString('base64url');
        setCookie(ctx, COOKIES.preSession, pre, PRE_SESSION_SECONDS);
        binding = `p:${pre}`;
      }
      const current = readCookie(ctx, COOKIES.csrf);
      // A token of the previous session secret (SEC-CFG-02) is replaced, so it outlives no rotation.
      const token =
        current && s.csrf.tokens.verifyCurrent(current, binding) ? current : s.csrf.tokens.issue(binding);
      setCookie(ctx, COOKIES.csrf, token, maxAge);
      ctx.body = { csrfToken: token };
    },
  });
}
