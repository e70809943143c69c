import * as yup from 'yup';
import { changePassword, getMe, updateMe } from '../../../services/accounts';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import { needAccounts, originOf, type AccountsApi } from './accounts-api';
import { done, fullName, password } from './schemas';
import type { RouteDeps } from '../deps';

const me = yup.object({
  id: yup.string().uuid().required(),
  email: yup.string().required(),
  fullName: yup.string().nullable().defined(),
  phone: yup.string().nullable().defined(),
  role: yup.string().required(),
  companyId: yup.string().uuid().nullable().defined(),
  emailVerified: yup.boolean().required().description('Booking needs a verified address (SEC-AUTH-07)'),
  mfaEnabled: yup.boolean().required(),
  createdAt: yup.string().required(),
});
const ME_EXAMPLE = {
  id: '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10',
  email: 'ada@example.com',
  fullName: 'Ada Lovelace',
  phone: null,
  role: 'USER',
  companyId: null,
  emailVerified: true,
  mfaEnabled: false,
  createdAt: '2026-12-01T09:00:00.000Z',
};

/**
 * The caller's own account. PATCH takes profile fields only: `role`, `companyId`, `email` are not
 * in its schema, so a body carrying them is refused with 400 UNKNOWN_FIELDS (SEC-AUTHZ-04).
 */
export function userRoutes(deps: Pick<RouteDeps, 'accounts'>): RouteDeclaration[] {
  const api = deps.accounts as AccountsApi | undefined;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/users/me',
      summary: 'My account',
      tag: 'users',
      permission: 'authenticated',
      links: {
        200: {
          MyCompanyMembers: {
            method: 'GET',
            path: '/api/v1/companies/:id/users',
            parameters: { id: '$response.body#/companyId' },
            description: 'A business account’s company',
          },
        },
      },
      responses: { 200: answer.json('The caller’s account.', me, ME_EXAMPLE) },
      async handler(ctx) {
        ctx.body = await getMe(needAccounts(api).accounts, ctx.state.actor!);
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/users/me',
      summary: 'Change my profile (name, phone)',
      tag: 'users',
      permission: 'authenticated',
      body: yup.object({
        fullName: fullName.optional(),
        phone: yup
          .string()
          .strict()
          .matches(/^\+[1-9][0-9]{1,14}$/, 'phone must be E.164')
          .max(20)
          .nullable(),
      }),
      responses: { 200: answer.json('The updated account.', me, ME_EXAMPLE) },
      async handler(ctx) {
        const { fullName: name, phone } = ctx.state.input.body;
        ctx.body = await updateMe(needAccounts(api).accounts, ctx.state.actor!, {
          ...(name === undefined ? {} : { fullName: name }),
          ...(phone === undefined ? {} : { phone }),
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/users/me/password',
      summary: 'Change my password; my other sessions end',
      tag: 'users',
      permission: 'authenticated',
      body: yup.object({ currentPassword: password, newPassword: password }),
      responses: {
        200: answer.json('Changed.', done, { status: 'ok' }),
        400: answer.error('WEAK_PASSWORD.'),
        401: answer.error(
          'INVALID_CREDENTIALS: the current password is wrong; SESSION_ENDED: too many wrong ones in this session, sign in again.',
        ),
      },
      async handler(ctx) {
        await changePassword(
          needAccounts(api).accounts,
          ctx.state.actor!,
          ctx.state.input.body,
          originOf(ctx),
        );
        ctx.body = { status: 'ok' };
      },
    }),
  ] as RouteDeclaration[];
}
