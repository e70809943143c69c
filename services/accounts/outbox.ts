import type { Transaction } from 'sequelize';
import type { AccountsDeps } from './deps';

/** The templates activities/notify/outbox-templates.ts renders, with the values each needs. */
export interface EmailTemplates {
  verify_email: { link: string };
  account_exists: { signInLink: string; resetLink: string };
  reset_password: { link: string; requestIp: string; requestedAt: string };
  company_invitation: { link: string; companyName: string };
  new_device: { ip: string; device: string; at: string };
  booking_status: { bookingId: string; status: string };
  refund_escalated: {
    refundId: string;
    bookingId: string;
    amountMinor: number;
    currency: string;
    reason: string;
    waitedSeconds: number;
    link: string;
  };
  reconciliation_summary: {
    day: string;
    compared: number;
    newFindings: number;
    authorisationsCancelled: number;
    findings: Record<string, number>;
    link: string;
  };
}

export type EmailTemplate = keyof EmailTemplates;

/**
 * Writes an email into the outbox inside the caller's transaction (so the email exists exactly
 * when the change that causes it commits); deliver it with `dispatchEmail(id)` after commit.
 */
export async function queueEmail<T extends EmailTemplate>(
  deps: AccountsDeps,
  transaction: Transaction,
  template: T,
  recipient: string,
  values: EmailTemplates[T],
): Promise<string> {
  const row = await deps.models.EmailOutbox.create(
    { template, recipient, payload: JSON.stringify(values) },
    { transaction },
  );
  return row.id;
}

/** Dispatch failures leave the row pending (it is in the outbox); they never fail the request. */
export async function dispatchQueued(deps: AccountsDeps, outboxIds: readonly string[]): Promise<void> {
  for (const id of outboxIds) {
    try {
      await deps.dispatchEmail(id);
    } catch (err) {
      deps.logger.error(
        { err, action: 'email.dispatch', result: 'failure', outbox_id: id },
        'email not dispatched',
      );
    }
  }
}

/** Links land on the sign-in page; the token rides in the fragment, which browsers never send to a server. */
export function pageLink(deps: AccountsDeps, action: string, token: string): string {
  return `${deps.config.api.publicUrl}/signin#${action}=${token}`;
}
