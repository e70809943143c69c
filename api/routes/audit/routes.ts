import * as yup from 'yup';
import { MAX_AUDIT_PAGE, readAuditLog, type AuditWriter } from '../../../lib/audit';
import type { Sequelize } from 'sequelize';
import { answer, defineRoute, openObject, type RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { needAccounts, originOf, type AccountsApi } from '../accounts/accounts-api';

const code = yup
  .string()
  .strict()
  .matches(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,127}$/, 'must be an id or code');
const time = yup
  .string()
  .strict()
  .matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'must be an ISO 8601 UTC time');
/** Query values are strings (no silent coercion, SEC-VAL-01): numbers are digit strings. */
const digits = yup
  .string()
  .strict()
  .matches(/^[0-9]{1,15}$/, 'must be a whole number');
const event = yup.object({
  sequence: yup.number().integer().required(),
  eventId: yup.string().required(),
  type: yup.string().required(),
  occurredAt: yup.string().required(),
  actor: yup.object({ type: yup.string().required(), id: yup.string().required() }).required(),
  outcome: yup.string().required(),
  originIp: yup.string().nullable().defined(),
  resource: yup.object({ type: yup.string().required(), id: yup.string().required() }).required(),
  details: openObject(yup.object())
    .required()
    .description('Allowlisted per event type (lib/audit/catalogue.ts)'),
});

function storeOf(api: AccountsApi): { sequelize: Sequelize; writer: AuditWriter } {
  return { sequelize: api.accounts.sequelize, writer: api.accounts.audit };
}

/** SEC-LOG-06: the audit log, filtered and paged by sequence; each read is itself audited. */
export function auditEventsRoute(api: AccountsApi | undefined) {
  return defineRoute({
    method: 'GET',
    path: '/api/v1/admin/audit-events',
    summary: 'Read the audit log (filters, cursor pagination); the read is audited',
    tag: 'admin',
    permission: 'view_audit_logs',
    query: yup.object({
      actor: code.description('Actor id'),
      type: code.description('Event type, e.g. auth.login.failed'),
      resourceType: code,
      resourceId: code,
      from: time.description('occurredAt >= from'),
      to: time.description('occurredAt < to'),
      after: digits.description('The previous page’s nextCursor (a sequence number)'),
      limit: digits.test(
        'page',
        `limit is 1 to ${MAX_AUDIT_PAGE}`,
        (v) => v === undefined || (+v >= 1 && +v <= MAX_AUDIT_PAGE),
      ),
    }),
    responses: {
      200: answer.json(
        'Events oldest first.',
        yup.object({
          events: yup.array(event).required(),
          nextCursor: yup.number().integer().nullable().defined(),
        }),
        {
          events: [
            {
              sequence: 1,
              eventId: '5d1b7f0e-7a3c-4c1e-9f57-0f3b8e1d2c4a',
              type: 'auth.login.succeeded',
              occurredAt: '2026-12-01T09:00:00.000Z',
              actor: { type: 'user', id: '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10' },
              outcome: 'success',
              originIp: '203.0.113.7',
              resource: { type: 'user', id: '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10' },
              details: {},
            },
          ],
          nextCursor: null,
        },
      ),
    },
    async handler(ctx) {
      const q = ctx.state.input.query;
      const limit = q.limit === undefined ? 100 : Number(q.limit);
      const events = await readAuditLog(
        ctx.state.actor,
        originOf(ctx).ip,
        {
          actorId: q.actor,
          eventType: q.type,
          resourceType: q.resourceType,
          resourceId: q.resourceId,
          from: q.from,
          to: q.to,
          afterSequence: q.after === undefined ? undefined : Number(q.after),
          limit,
        },
        storeOf(needAccounts(api)),
      );
      ctx.body = { events, nextCursor: events.length === limit ? events.at(-1)!.sequence : null };
    },
  });
}

/** The audit area's routes: reading the log (SEC-LOG-06). */
export function auditRoutes(deps: Pick<RouteDeps, 'accounts'>): RouteDeclaration[] {
  return [auditEventsRoute(deps.accounts as AccountsApi | undefined)] as RouteDeclaration[];
}
