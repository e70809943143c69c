import * as yup from 'yup';
import { cancelErasure, requestErasure, type ErasureDeps } from '../../../services/privacy/erasure-request';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import { needAccounts, originOf } from '../accounts/accounts-api';
import { password, stepUp } from '../accounts/schemas';
import { needBookings } from '../bookings/bookings-api';
import type { RouteDeps } from '../deps';

const scheduled = yup.object({
  status: yup.string().oneOf(['deletion_scheduled']).required(),
  eraseAfter: yup.string().required().description('When erasure begins unless cancelled (ISO 8601)'),
});
const cancelled = yup.object({ status: yup.string().oneOf(['cancelled']).required() });

/**
 * The erasure's clients from the areas already composed: account services (step-up) and the
 * bookings area's platform Temporal client and queues. The grace is the soft-deleted-account
 * retention (SEC-PRIV-03: 30 days).
 */
function erasureDeps(deps: Pick<RouteDeps, 'accounts' | 'bookings' | 'config'>): ErasureDeps {
  const { bookings } = needBookings(deps.bookings);
  return {
    accounts: needAccounts(deps.accounts).accounts,
    temporal: bookings.temporal,
    queues: bookings.queues,
    graceSeconds: deps.config.retention.softDeletedAccountDays * 86_400,
  };
}

/**
 * SEC-PRIV-02: the caller deletes their own account (no route names another's, so no admin can
 * erase someone else), and cancels within the grace by signing in and confirming.
 */
export function erasureRoutes(deps: Pick<RouteDeps, 'accounts' | 'bookings' | 'config'>): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/users/me',
      summary: 'Delete my account: erased after the grace unless I cancel (password and MFA step-up)',
      tag: 'users',
      permission: 'authenticated',
      body: yup.object({ password, ...stepUp }),
      responses: {
        202: answer.json(
          'Scheduled: sessions, bookings’ personal data and the account go after the grace.',
          scheduled,
          {
            status: 'deletion_scheduled',
            eraseAfter: '2027-01-05T09:00:00.000Z',
          },
        ),
        401: answer.error('INVALID_CREDENTIALS: the password is wrong; SESSION_ENDED: too many wrong ones.'),
        403: answer.error('MFA_STEP_UP_REQUIRED, MFA_ENROLMENT_REQUIRED.'),
      },
      async handler(ctx) {
        ctx.body = await requestErasure(
          erasureDeps(deps),
          ctx.state.actor!,
          ctx.state.input.body,
          originOf(ctx),
        );
        ctx.status = 202;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/users/me/deletion/cancel',
      summary: 'Keep my account: cancel its deletion within the grace',
      tag: 'users',
      permission: 'authenticated',
      responses: {
        200: answer.json('Cancelled: nothing was erased.', cancelled, { status: 'cancelled' }),
        409: answer.error('ERASURE_NOT_PENDING: no deletion is waiting, or erasure has begun.'),
      },
      async handler(ctx) {
        ctx.body = await cancelErasure(erasureDeps(deps), ctx.state.actor!, originOf(ctx));
      },
    }),
  ] as RouteDeclaration[];
}
