import * as yup from 'yup';
import { isIsoDate } from '../../../lib/dates/calendar-days';
import { FINDING_KINDS } from '../../../services/reconciliation/findings';
import { listFindings, MAX_FINDINGS_PAGE } from '../../../services/reconciliation/list-findings';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { needAccounts, type AccountsApi } from '../accounts/accounts-api';

/** Query values are strings (no silent coercion, SEC-VAL-01). */
/** A real calendar day from the epoch on (Postgres has no year 0; the fuzzer sent 0000-00-00). */
const day = yup
  .string()
  .strict()
  .test('iso-date', '${path} must be a day, YYYY-MM-DD, from 1970-01-01', (v) => {
    return v === undefined || (isIsoDate(v) && v >= '1970-01-01');
  });
const uuid = yup
  .string()
  .strict()
  .matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a finding id');
const limit = yup
  .string()
  .strict()
  .matches(/^[0-9]{1,3}$/, 'must be a whole number')
  .test(
    'page',
    `limit is 1 to ${MAX_FINDINGS_PAGE}`,
    (v) => v === undefined || (+v >= 1 && +v <= MAX_FINDINGS_PAGE),
  );

const finding = yup.object({
  id: yup.string().required(),
  day: yup.string().required(),
  kind: yup.string().required(),
  subject: yup.string().required(),
  paymentId: yup.string().nullable().defined(),
  stripeAmountMinor: yup.number().integer().nullable().defined(),
  platformAmountMinor: yup.number().integer().nullable().defined(),
  currency: yup.string().nullable().defined(),
  stripeStatus: yup.string().nullable().defined(),
  platformStatus: yup.string().nullable().defined(),
  autoFixed: yup.boolean().required(),
  foundAt: yup.string().required(),
});

/** Issue 17.5: the daily reconciliation's findings, for operators holding `view_audit_logs`. */
export function reconciliationFindingsRoute(api: AccountsApi | undefined) {
  return defineRoute({
    method: 'GET',
    path: '/api/v1/admin/reconciliation/findings',
    summary: 'Findings of the daily reconciliation with Stripe (ids and amounts), paged by id',
    tag: 'admin',
    permission: 'view_audit_logs',
    query: yup.object({
      day: day.description('One UTC day, YYYY-MM-DD'),
      kind: yup
        .string()
        .strict()
        .oneOf([...FINDING_KINDS]),
      after: uuid.description('The previous page’s nextCursor'),
      limit,
    }),
    responses: {
      200: answer.json(
        'Findings in id order.',
        yup.object({
          findings: yup.array(finding).required(),
          nextCursor: yup.string().nullable().defined(),
        }),
        {
          findings: [
            {
              id: '5d1b7f0e-7a3c-4c1e-9f57-0f3b8e1d2c4a',
              day: '2026-12-05',
              kind: 'amount_differs',
              subject: '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10',
              paymentId: '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10',
              stripeAmountMinor: 12400,
              platformAmountMinor: 12345,
              currency: 'EUR',
              stripeStatus: null,
              platformStatus: null,
              autoFixed: false,
              foundAt: '2026-12-06T03:00:12.000Z',
            },
          ],
          nextCursor: null,
        },
      ),
    },
    async handler(ctx) {
      const q = ctx.state.input.query;
      const size = q.limit === undefined ? 100 : Number(q.limit);
      const findings = await listFindings(
        ctx.state.actor,
        { day: q.day, kind: q.kind, after: q.after, limit: size },
        needAccounts(api).accounts.sequelize,
      );
      ctx.body = { findings, nextCursor: findings.length === size ? findings.at(-1)!.id : null };
    },
  });
}

/** The reconciliation area's routes: reading the findings. */
export function reconciliationRoutes(deps: Pick<RouteDeps, 'accounts'>): RouteDeclaration[] {
  return [reconciliationFindingsRoute(deps.accounts as AccountsApi | undefined)] as RouteDeclaration[];
}
