import { QueryTypes, type Sequelize } from 'sequelize';
import { assertCan, type Actor } from '../../lib/rbac';

export const MAX_FINDINGS_PAGE = 200;

export interface FindingsQuery {
  /** `YYYY-MM-DD`: one day's findings; all days when absent. */
  day?: string;
  kind?: string;
  /** The previous page's last id. */
  after?: string;
  limit: number;
}

export interface FindingRow {
  id: string;
  day: string;
  kind: string;
  subject: string;
  paymentId: string | null;
  stripeAmountMinor: number | null;
  platformAmountMinor: number | null;
  currency: string | null;
  stripeStatus: string | null;
  platformStatus: string | null;
  autoFixed: boolean;
  foundAt: string;
}

interface Row {
  id: string;
  day: string;
  kind: string;
  subject: string;
  payment_id: string | null;
  stripe_amount_minor: string | null;
  platform_amount_minor: string | null;
  currency: string | null;
  stripe_status: string | null;
  platform_status: string | null;
  auto_fixed: boolean;
  found_at: Date;
}

// Constant text, bound parameters only (SEC-VAL-05); NULL filters match everything.
const SELECT = `
  SELECT id, to_char(day, 'YYYY-MM-DD') AS day, kind, subject, payment_id, stripe_amount_minor,
         platform_amount_minor, currency, stripe_status, platform_status, auto_fixed, found_at
    FROM reconciliation_findings
   WHERE ($1::date IS NULL OR day = $1::date)
     AND ($2::text IS NULL OR kind = $2)
     AND ($3::uuid IS NULL OR id > $3::uuid)
   ORDER BY id
   LIMIT $4`;

const amount = (v: string | null) => (v === null ? null : Number(v));

/**
 * Issue 17.5: the reconciliation findings for operators, paged by id. Ids, amounts and statuses
 * only. Reading them needs `view_audit_logs`: they are the platform's money trail, read by the
 * same people who read the audit log.
 */
export async function listFindings(
  actor: Actor | undefined,
  q: FindingsQuery,
  sequelize: Sequelize,
): Promise<FindingRow[]> {
  assertCan(actor, 'view_audit_logs');
  const rows = await sequelize.query<Row>(SELECT, {
    bind: [q.day ?? null, q.kind ?? null, q.after ?? null, q.limit],
    type: QueryTypes.SELECT,
  });
  return rows.map((r) => ({
    id: r.id,
    day: r.day,
    kind: r.kind,
    subject: r.subject,
    paymentId: r.payment_id,
    stripeAmountMinor: amount(r.stripe_amount_minor),
    platformAmountMinor: amount(r.platform_amount_minor),
    currency: r.currency,
    stripeStatus: r.stripe_status,
    platformStatus: r.platform_status,
    autoFixed: r.auto_fixed,
    foundAt: r.found_at.toISOString(),
  }));
}
