import * as yup from 'yup';
import { signup, verifyEmail } from '../../../services/accounts';
import { byIp } from '../../middleware/rate-limit';
import { answer, defineRoute } from '../../routing';
import type { AppMiddleware } from '../../state';
import { needAccounts, originOf, type AccountsApi } from './accounts-api';
import { accepted, done, email, fullName, oneTimeToken, password } from './schemas';

const SIGNUP_ACCEPTED = {
  status: 'accepted' as const,
  message: 'If the address can be used, a verification email is on its way.',
};

/** SEC-AUTH-07 signup (5 / hour per IP) and email verification; SEC-AUTH-03: one answer for new and known addresses. */
export function signupRoutes(api: AccountsApi | undefined) {
  const perIp: AppMiddleware[] = api ? [api.rateLimit('signupPerIp', byIp) as AppMiddleware] : [];
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/signup',
      summary: 'Create an account; a verification link is emailed',
      tag: 'auth',
      permission: 'public',
      body: yup.object({ email, password, fullName }),
      middleware: perIp,
      responses: {
        202: answer.json(
          'Accepted, whether or not the address already has an account.',
          accepted,
          SIGNUP_ACCEPTED,
        ),
        400: answer.error(
          'WEAK_PASSWORD with the reason (too_short, too_long, common, breached, contains_email, contains_name).',
        ),
      },
      async handler(ctx) {
        await signup(needAccounts(api).accounts, ctx.state.input.body, originOf(ctx));
        ctx.status = 202;
        ctx.body = SIGNUP_ACCEPTED;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/verify-email',
      summary: 'Confirm an email address with the emailed token',
      tag: 'auth',
      permission: 'public',
      body: yup.object({ token: oneTimeToken }),
      responses: {
        200: answer.json('The address is verified.', done, { status: 'ok' }),
        400: answer.error('INVALID_TOKEN: unknown, used or expired.'),
      },
      async handler(ctx) {
        await verifyEmail(needAccounts(api).accounts, ctx.state.input.body.token, originOf(ctx));
        ctx.body = { status: 'ok' };
      },
    }),
  ];
}
