import * as yup from 'yup';
import { errors } from '../../../lib/errors';
import { requireCsrf } from '../../middleware/csrf';
import { answer, defineRoute } from '../../routing';
import { sessionAnswerExample, sessionAnswerSchema } from '../../security/session-answer';
import { COOKIES, readCookie } from '../../security/session-cookies';
import { requestedSessionMode, sessionClientOf } from '../../security/session-mode';
import type { SessionSecurity } from '../../security/session-security';
import { needSessions } from './need-sessions';

/**
 * SEC-SESS-03: trades a refresh token for a new access token and a new refresh token. Browsers
 * send `{}` and the refresh cookie, with the session's CSRF token (the access token may have
 * expired, so the session is found from the refresh token); Bearer clients send the token in the
 * body. A token used twice revokes its whole family.
 */
export function refreshRoute(security: SessionSecurity | undefined) {
  return defineRoute({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    summary: 'Rotate the refresh token and get a new access token',
    tag: 'auth',
    permission: 'public',
    body: yup
      .object({
        refreshToken: yup
          .string()
          .max(64)
          .optional()
          .description('Bearer clients only (X-Session-Mode: bearer)'),
      })
      .noUnknown(),
    responses: {
      200: answer.json(
        'The renewed session: cookies for browsers, tokens for Bearer clients.',
        sessionAnswerSchema,
        sessionAnswerExample,
      ),
      401: answer.error('No valid refresh token, or one already used (AUTHENTICATION_REQUIRED).'),
      403: answer.error('Browser request without a valid CSRF token or from another site (CSRF_REFUSED).'),
    },
    async handler(ctx) {
      const s = needSessions(security);
      const mode = requestedSessionMode(ctx);
      const token = mode === 'bearer' ? ctx.state.input.body.refreshToken : readCookie(ctx, COOKIES.refresh);
      if (!token) throw errors.authenticationRequired();
      if (mode === 'browser') {
        const sessionId = await s.sessions.sessionOfRefreshToken(token);
        if (!sessionId) throw errors.authenticationRequired();
        await requireCsrf(ctx, `s:${sessionId}`, s.csrf);
      }
      const issued = await s.sessions.refresh(token, sessionClientOf(ctx));
      ctx.body = s.http.answer(ctx, issued, mode);
    },
  });
}
