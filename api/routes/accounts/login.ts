import * as yup from 'yup';
import { login } from '../../../services/accounts';
import { preSessionCsrf } from '../../middleware/csrf';
import { byBodyField, byIp } from '../../middleware/rate-limit';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import { sessionAnswerExample, sessionAnswerSchema } from '../../security/session-answer';
import { requestedSessionMode } from '../../security/session-mode';
import type { SessionSecurity } from '../../security/session-security';
import { errors } from '../../../lib/errors';
import type { AppMiddleware } from '../../state';
import { needAccounts, originOf, type AccountsApi } from './accounts-api';
import { email, mfaCode, password, recoveryCode } from './schemas';

const body = yup.object({
  email,
  password,
  mfaCode,
  recoveryCode,
  captchaToken: yup
    .string()
    .strict()
    .max(4096)
    .description(
      'A solved challenge, required after 5 failures: the altcha payload for GET /api/v1/auth/challenge, or the CAPTCHA provider token',
    ),
});

/**
 * The per-login-name limit holds back requests without a challenge solution only: otherwise ten
 * requests per 15 minutes from anyone would keep the owner out for good. A request carrying a
 * solution has paid a proof of work, the service verifies (and spends) it before the password, and
 * the per-IP limit and the per-name delay still bound it (SEC-AUTH-04, ASVS 6.1.1).
 */
function unlessChallengeSent(limit: AppMiddleware): AppMiddleware {
  return (ctx, next) => {
    const body: unknown = (ctx.request as { body?: unknown }).body;
    const sent = typeof body === 'object' && body !== null && 'captchaToken' in body;
    return sent ? next() : limit(ctx, next);
  };
}

/**
 * SEC-AUTH-03/04/06 then SEC-SESS-01: the password (and second factor) checked by services/accounts
 * behind 10 attempts / 15 min per IP and per login name (unless solved); a session started through the sessions
 * engineer's SessionHttp (cookies for browsers, tokens for `X-Session-Mode: bearer`).
 */
export function loginRoute(
  api: AccountsApi | undefined,
  security: SessionSecurity | undefined,
): RouteDeclaration {
  const limits: AppMiddleware[] = api
    ? [
        api.rateLimit('loginPerIp', byIp) as AppMiddleware,
        unlessChallengeSent(api.rateLimit('loginPerAccount', byBodyField('email')) as AppMiddleware),
      ]
    : [];
  return preSessionCsrf(
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/login',
      summary: 'Sign in with email and password (and MFA code when enrolled)',
      tag: 'auth',
      permission: 'public',
      body,
      middleware: limits,
      responses: {
        200: answer.json(
          'Signed in: cookies (browser) or tokens (bearer).',
          sessionAnswerSchema,
          sessionAnswerExample,
        ),
        401: answer.error(
          'INVALID_CREDENTIALS (unknown account and wrong password alike), MFA_REQUIRED, MFA_INVALID, CHALLENGE_REQUIRED.',
        ),
        403: answer.error('MFA_ENROLMENT_REQUIRED for administrators without MFA; CSRF_REFUSED.'),
      },
      async handler(ctx) {
        const { accounts } = needAccounts(api);
        if (!security) throw errors.unavailable();
        const user = await login(accounts, ctx.state.input.body, originOf(ctx));
        ctx.body = await security.http.begin(ctx, user, requestedSessionMode(ctx));
      },
    }) as RouteDeclaration,
  );
}
