import * as yup from 'yup';
import { listUsers, MAX_USERS_PAGE } from '../../../services/accounts/admin-users';
import { changeRole } from '../../../services/accounts/roles';
import { ROLES } from '../../../lib/rbac';
import { answer, defineRoute } from '../../routing';
import { needAccounts, originOf, type AccountsApi } from './accounts-api';
import { stepUp } from './schemas';

const uuid = yup.string().uuid();
const EXAMPLE_ID = '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10';
const userRow = yup.object({
  id: uuid.required(),
  role: yup.string().required(),
  companyId: uuid.nullable().defined(),
  emailVerified: yup.boolean().required(),
  lockedUntil: yup.string().nullable().defined(),
  createdAt: yup.string().required(),
});

/** SEC-AUTHZ-04 administration: list users, change roles (PLATFORM_ADMIN, MFA step-up, audited). */
export function adminUserRoutes(api: AccountsApi | undefined) {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/admin/users',
      summary: 'Users, by id, with cursor pagination',
      tag: 'admin',
      permission: 'manage_users',
      query: yup.object({
        after: uuid.description('The previous page’s nextCursor'),
        limit: yup
          .string()
          .strict()
          .matches(/^[0-9]{1,3}$/, 'limit must be a whole number')
          .test(
            'page',
            `limit is 1 to ${MAX_USERS_PAGE}`,
            (v) => v === undefined || (+v >= 1 && +v <= MAX_USERS_PAGE),
          ),
      }),
      links: {
        200: {
          ChangeRole: {
            method: 'PATCH',
            path: '/api/v1/admin/users/:id/role',
            parameters: { id: '$response.body#/users/0/id' },
          },
          EndSessions: {
            method: 'DELETE',
            path: '/api/v1/admin/users/:id/sessions',
            parameters: { id: '$response.body#/users/0/id' },
          },
        },
      },
      responses: {
        200: answer.json(
          'A page of users.',
          yup.object({ users: yup.array(userRow).required(), nextCursor: yup.string().nullable().defined() }),
          {
            users: [
              {
                id: EXAMPLE_ID,
                role: 'USER',
                companyId: null,
                emailVerified: true,
                lockedUntil: null,
                createdAt: '2026-12-01T09:00:00.000Z',
              },
            ],
            nextCursor: null,
          },
        ),
      },
      async handler(ctx) {
        const { after, limit } = ctx.state.input.query;
        ctx.body = await listUsers(
          needAccounts(api).accounts,
          ctx.state.actor!,
          { after, limit: limit === undefined ? undefined : Number(limit) },
          originOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/admin/users/:id/role',
      summary: 'Change a user’s role and company (MFA step-up; the user’s sessions end)',
      tag: 'admin',
      permission: 'manage_users',
      params: yup.object({ id: uuid.required() }),
      body: yup.object({
        role: yup
          .string()
          .strict()
          .oneOf([...ROLES])
          .required(),
        companyId: uuid.nullable(),
        ...stepUp,
      }),
      responses: {
        200: answer.json(
          'The new role.',
          yup.object({
            id: uuid.required(),
            role: yup.string().required(),
            companyId: uuid.nullable().defined(),
          }),
          { id: EXAMPLE_ID, role: 'BUSINESS_USER', companyId: EXAMPLE_ID },
        ),
        403: answer.error('SELF_ROLE_CHANGE, MFA_STEP_UP_REQUIRED, MFA_ENROLMENT_REQUIRED (the caller).'),
        404: answer.error('No such user or company.'),
        409: answer.error('MFA_ENROLMENT_REQUIRED: an admin role for a user without MFA.'),
      },
      async handler(ctx) {
        const { role, companyId, ...proof } = ctx.state.input.body;
        const { accounts } = needAccounts(api);
        ctx.body = await changeRole(
          accounts,
          ctx.state.actor!,
          ctx.state.input.params.id,
          { role, companyId },
          proof,
          originOf(ctx),
        );
      },
    }),
  ];
}
