import { QueryTypes, type Sequelize } from 'sequelize';
import { loadAuditVerifyKeys, parseAuditRecord, verifyAuditChain } from '../../lib/audit';
import { holdsOf } from '../bookings/helpers/private-flights';
import type { Settled } from './settle';
import { TERMINAL_STATUSES } from './settle';
import type { BookingPayments } from './stripe-evidence';

/** PaymentIntent states in which the customer's money has moved or is about to. */
const CHARGED = new Set(['succeeded', 'requires_capture', 'processing']);

/** Every booking terminal, in its row and in its workflow's result alike. */
export function terminalViolations(settled: Settled[]): string[] {
  const problems: string[] = [];
  for (const s of settled) {
    if (!TERMINAL_STATUSES.includes(s.status)) problems.push(`${s.bookingId}: still ${s.status}`);
    else if (s.workflowStatus !== 'COMPLETED') problems.push(`${s.bookingId}: workflow ${s.workflowStatus}`);
    else if (s.result?.status !== s.status)
      problems.push(`${s.bookingId}: row ${s.status} but workflow result ${s.result?.status}`);
  }
  return problems;
}

/**
 * At most one PaymentIntent a booking; money kept only for a CONFIRMED booking (every other
 * charge refunded in full); a CONFIRMED booking paid exactly once and not refunded.
 */
export function paymentViolations(settled: Settled[], evidence: Map<string, BookingPayments>): string[] {
  const problems: string[] = [];
  for (const s of settled) {
    const e = evidence.get(s.bookingId)!;
    const distinct = new Set(e.intents.map((i) => i.id)).size;
    if (e.created > 1 || distinct > 1)
      problems.push(`${s.bookingId}: ${Math.max(e.created, distinct)} PaymentIntents`);
    const charged = e.intents.filter((i) => CHARGED.has(i.status));
    for (const i of charged) {
      if (s.status !== 'CONFIRMED' && i.refunded < i.amount)
        problems.push(`${s.bookingId}: ${s.status} but ${i.id} charged ${i.amount}, refunded ${i.refunded}`);
    }
    if (s.status === 'CONFIRMED' && (charged.length !== 1 || charged[0]!.refunded !== 0))
      problems.push(`${s.bookingId}: CONFIRMED without exactly one kept payment`);
  }
  return problems;
}

/**
 * Nothing captured unless CONFIRMED (issue 17): a booking's charge is captured, or a capture
 * sent to Stripe under `booking/<id>/capture`, only if the booking reached CONFIRMED (its row
 * has the supplier's confirmation, which only that transition writes and a later cancellation
 * keeps); a CONFIRMED booking's payment captured in full by exactly one forwarded capture.
 */
export async function captureViolations(
  sequelize: Sequelize,
  settled: Settled[],
  evidence: Map<string, BookingPayments>,
): Promise<string[]> {
  if (settled.length === 0) return [];
  const rows = await sequelize.query<{ id: string }>(
    'SELECT id FROM bookings WHERE id IN (:ids) AND supplier_confirmation IS NOT NULL',
    { type: QueryTypes.SELECT, replacements: { ids: settled.map((s) => s.bookingId) } },
  );
  const confirmedOnce = new Set(rows.map((r) => r.id));
  const problems: string[] = [];
  for (const s of settled) {
    const e = evidence.get(s.bookingId)!;
    const captured = e.intents.reduce((sum, i) => sum + i.captured, 0);
    if (!confirmedOnce.has(s.bookingId) && (captured > 0 || e.captures > 0))
      problems.push(`${s.bookingId}: ${s.status}, never CONFIRMED, but ${e.captures} captures (${captured})`);
    const whole = e.intents.length === 1 && captured === e.intents[0]!.amount;
    if (s.status === 'CONFIRMED' && (!whole || e.captures !== 1))
      problems.push(`${s.bookingId}: CONFIRMED, captured ${captured} by ${e.captures} captures`);
  }
  return problems;
}

/** No hold open at the supplier once a booking ended; a CONFIRMED booking's hold confirmed. */
export async function holdViolations(simUrl: string, settled: Settled[]): Promise<string[]> {
  const problems: string[] = [];
  for (const s of settled) {
    const statuses = (await holdsOf(simUrl, s.bookingId)).map((h) => h.status);
    if (statuses.includes('held')) problems.push(`${s.bookingId}: ${s.status} with a hold still open`);
    if (s.status === 'CONFIRMED' && !statuses.includes('confirmed'))
      problems.push(`${s.bookingId}: CONFIRMED but no confirmed hold (${statuses.join(',') || 'none'})`);
  }
  return problems;
}

function terminalEventOf(canonical: string): string | null {
  const event = parseAuditRecord(canonical);
  // The workflow's own status records; `booking.cancelled` is the request, by the person who asked.
  const change = (event.details as Record<string, unknown> | undefined)?.change;
  if (typeof change !== 'string') return null;
  if (change === 'status:CONFIRMED') return 'CONFIRMED';
  if (change === 'status:CANCELLED') return 'CANCELLED';
  return change.startsWith('status:FAILED') ? 'FAILED' : null;
}

/** The chain verifies (SEC-LOG-04), and each booking's end is audited exactly once. */
export async function auditViolations(sequelize: Sequelize, settled: Settled[]): Promise<string[]> {
  const verification = await verifyAuditChain(sequelize, loadAuditVerifyKeys());
  const problems = verification.ok
    ? []
    : [`audit chain broken at sequence ${verification.sequence}: ${verification.reason}`];
  const rows = await sequelize.query<{ resource_id: string; canonical: string }>(
    "SELECT resource_id, canonical FROM audit_events WHERE resource_type = 'booking' ORDER BY sequence",
    { type: QueryTypes.SELECT },
  );
  const ends = new Map<string, string[]>();
  for (const row of rows) {
    const end = terminalEventOf(row.canonical);
    if (end) ends.set(row.resource_id, [...(ends.get(row.resource_id) ?? []), end]);
  }
  for (const s of settled) {
    const audited = ends.get(s.bookingId) ?? [];
    if (audited.length !== 1 || audited[0] !== s.status)
      problems.push(`${s.bookingId}: ${s.status}, its end audited as [${audited.join(',')}]`);
  }
  return problems;
}
