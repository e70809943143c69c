import * as yup from 'yup';
import { createCompany, listCompanyMembers } from '../../../services/accounts/companies';
import { acceptInvitation, inviteToCompany } from '../../../services/accounts/invitations';
import { errors } from '../../../lib/errors';
import { changeRole } from '../../../services/accounts/roles';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import { needAccounts, originOf, type AccountsApi } from './accounts-api';
import { email, fullName, oneTimeToken, password, stepUp } from './schemas';
import type { RouteDeps } from '../deps';

const uuid = yup.string().uuid().required();
const company = yup.object({ id: uuid, name: yup.string().required() });
const member = yup.object({
  id: uuid,
  role: yup.string().required(),
  emailVerified: yup.boolean().required(),
});
const EXAMPLE_ID = '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10';
/** The routes that take a company's id (OpenAPI links). */
const companyLinks = (id: string) => ({
  ListMembers: { method: 'GET' as const, path: '/api/v1/companies/:id/users', parameters: { id } },
  Invite: { method: 'POST' as const, path: '/api/v1/companies/:id/invitations', parameters: { id } },
});

/**
 * Business accounts (SEC-AUTHZ-04): PLATFORM_ADMIN creates companies; a company's BUSINESS_ADMIN
 * (or a PLATFORM_ADMIN) lists its members, invites BUSINESS_USERs and removes them. The services
 * check permission and tenancy themselves: another company's id answers 404.
 */
export function companyRoutes(deps: Pick<RouteDeps, 'accounts'>): RouteDeclaration[] {
  const api = deps.accounts as AccountsApi | undefined;
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/companies',
      summary: 'Create a company with its first business admin (MFA step-up)',
      tag: 'companies',
      permission: 'manage_users',
      body: yup.object({
        name: yup.string().strict().trim().min(1).max(200).required(),
        adminUserId: uuid,
        ...stepUp,
      }),
      links: { 201: companyLinks('$response.body#/id') },
      responses: {
        201: answer.json('The company.', company, { id: EXAMPLE_ID, name: 'Acme Travel' }),
        404: answer.error('No such user.'),
        409: answer.error('MFA_ENROLMENT_REQUIRED: the admin-to-be has no MFA.'),
      },
      async handler(ctx) {
        const { name, adminUserId, ...proof } = ctx.state.input.body;
        ctx.status = 201;
        ctx.body = await createCompany(
          needAccounts(api).accounts,
          ctx.state.actor!,
          { name, adminUserId },
          proof,
          originOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/companies/:id/users',
      summary: 'Members of a company',
      tag: 'companies',
      permission: 'authenticated',
      params: yup.object({ id: uuid }),
      links: {
        200: {
          RemoveMember: {
            method: 'DELETE',
            path: '/api/v1/companies/:id/users/:userId',
            parameters: { id: '$request.path.id', userId: '$response.body#/users/0/id' },
          },
        },
      },
      responses: {
        200: answer.json('Its members.', yup.object({ users: yup.array(member).required() }), {
          users: [{ id: EXAMPLE_ID, role: 'BUSINESS_USER', emailVerified: true }],
        }),
        404: answer.error('No such company of the caller.'),
      },
      async handler(ctx) {
        const users = await listCompanyMembers(
          needAccounts(api).accounts,
          ctx.state.actor!,
          ctx.state.input.params.id,
          originOf(ctx),
        );
        ctx.body = { users };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/companies/:id/invitations',
      summary: 'Invite an email address to join as BUSINESS_USER',
      tag: 'companies',
      permission: 'authenticated',
      params: yup.object({ id: uuid }),
      body: yup.object({ email }),
      responses: {
        202: answer.json('Invitation sent.', yup.object({ id: uuid, expiresAt: yup.string().required() }), {
          id: EXAMPLE_ID,
          expiresAt: '2026-12-08T09:00:00.000Z',
        }),
        404: answer.error('No such company of the caller.'),
      },
      async handler(ctx) {
        const { accounts } = needAccounts(api);
        ctx.status = 202;
        ctx.body = await inviteToCompany(
          accounts,
          ctx.state.actor!,
          ctx.state.input.params.id,
          ctx.state.input.body.email,
          originOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/companies/:id/users/:userId',
      summary: 'Remove a BUSINESS_USER from the company (MFA step-up)',
      tag: 'companies',
      permission: 'authenticated',
      params: yup.object({ id: uuid, userId: uuid }),
      body: yup.object(stepUp),
      responses: {
        200: answer.json('The user is a plain USER again.', member, {
          id: EXAMPLE_ID,
          role: 'USER',
          emailVerified: true,
        }),
        404: answer.error('No such member of the caller’s company.'),
      },
      async handler(ctx) {
        const { id, userId } = ctx.state.input.params;
        const { accounts } = needAccounts(api);
        const target = (await listCompanyMembers(accounts, ctx.state.actor!, id, originOf(ctx))).find(
          (m) => m.id === userId,
        );
        if (!target) throw errors.notFound('User');
        const changed = await changeRole(
          accounts,
          ctx.state.actor!,
          userId,
          { role: 'USER' },
          ctx.state.input.body,
          originOf(ctx),
        );
        ctx.body = { id: changed.id, role: changed.role, emailVerified: target.emailVerified };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/invitations/accept',
      summary: 'Accept an invitation: create the account in the company',
      tag: 'companies',
      permission: 'public',
      body: yup.object({ token: oneTimeToken, password, fullName }),
      responses: {
        201: answer.json('The account exists; sign in.', yup.object({ userId: uuid, companyId: uuid }), {
          userId: EXAMPLE_ID,
          companyId: EXAMPLE_ID,
        }),
        400: answer.error('INVALID_TOKEN, WEAK_PASSWORD.'),
        409: answer.error('INVITATION_UNUSABLE: the address already has an account.'),
      },
      async handler(ctx) {
        ctx.status = 201;
        ctx.body = await acceptInvitation(needAccounts(api).accounts, ctx.state.input.body, originOf(ctx));
      },
    }),
  ] as RouteDeclaration[];
}
