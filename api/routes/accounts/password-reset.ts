import * as yup from 'yup';
import { completePasswordReset, requestPasswordReset } from '../../../services/accounts';
import { byBodyField, byIp } from '../../middleware/rate-limit';
import { answer, defineRoute } from '../../routing';
import type { AppMiddleware } from '../../state';
import { needAccounts, originOf, type AccountsApi } from './accounts-api';
import { accepted, done, email, oneTimeToken, password } from './schemas';

const RESET_ACCEPTED = {
  status: 'accepted' as const,
  message: 'If the address has an account, a reset link is on its way.',
};

/** SEC-AUTH-05: reset request (3 / hour per email and per IP; same answer for every address) and completion. */
export function passwordResetRoutes(api: AccountsApi | undefined) {
  const limits: AppMiddleware[] = api
    ? [
        api.rateLimit('resetPerIp', byIp) as AppMiddleware,
        api.rateLimit('resetPerEmail', byBodyField('email')) as AppMiddleware,
      ]
    : [];
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/password-reset',
      summary: 'Ask for a password reset link',
      tag: 'auth',
      permission: 'public',
      body: yup.object({ email }),
      middleware: limits,
      responses: {
        202: answer.json('Accepted, whether or not the address has an account.', accepted, RESET_ACCEPTED),
      },
      handler(ctx) {
        requestPasswordReset(needAccounts(api).accounts, ctx.state.input.body.email, originOf(ctx));
        ctx.status = 202;
        ctx.body = RESET_ACCEPTED;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/password-reset/complete',
      summary: 'Set a new password with the emailed token; every session ends',
      tag: 'auth',
      permission: 'public',
      body: yup.object({ token: oneTimeToken, password }),
      responses: {
        200: answer.json('The password is changed and every session has ended.', done, { status: 'ok' }),
        400: answer.error('INVALID_TOKEN (unknown, used, superseded or expired), WEAK_PASSWORD.'),
      },
      async handler(ctx) {
        const { token, password: newPassword } = ctx.state.input.body;
        await completePasswordReset(needAccounts(api).accounts, token, newPassword, originOf(ctx));
        ctx.body = { status: 'ok' };
      },
    }),
  ];
}
