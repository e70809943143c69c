import { ApplicationFailure } from '@temporalio/common';
import type { Sequelize } from 'sequelize';
import { identityModels } from '../../db/models/identity';
import { isIsoDate } from '../../lib/dates/calendar-days';
import { isPlainEmailAddress } from '../../lib/text/email-address';
import { outboxRowId, queueOutboxOnce } from './queue-outbox-once';

/** A day's reconciliation in counts: no card data, no customer, only what the run counted. */
export interface ReconciliationSummaryMail {
  /** The UTC day compared, `YYYY-MM-DD`. */
  day: string;
  compared: number;
  newFindings: number;
  authorisationsCancelled: number;
  /** Findings of the day by kind. */
  findings: Record<string, number>;
}

export interface ReconciliationSummaryDeps {
  /** App role with the keyring attached (the outbox is encrypted). */
  sequelize: Sequelize;
  /** config api.publicUrl: the mail links to the day's findings. */
  publicUrl: string;
  /** config reconciliation.reportTo: the operators' mailbox. */
  reportTo: string | undefined;
}

const COUNT = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
const KIND = /^[a-z_]{1,64}$/;

function valid(s: ReconciliationSummaryMail): boolean {
  return (
    isIsoDate(s?.day) &&
    [s.compared, s.newFindings, s.authorisationsCancelled].every(COUNT) &&
    typeof s.findings === 'object' &&
    s.findings !== null &&
    Object.entries(s.findings).every(([kind, n]) => KIND.test(kind) && COUNT(n))
  );
}

/**
 * `queueReconciliationSummary` (notify pool, issue 17.5): the day's summary as one outbox row keyed
 * by the day, so a re-run of the same day (or a retried attempt) queues nothing new and the
 * operators get one summary per day. Answers the row id; the workflow delivers it.
 */
export function createReconciliationSummaryEmail({
  sequelize,
  publicUrl,
  reportTo,
}: ReconciliationSummaryDeps) {
  const { EmailOutbox } = identityModels(sequelize);
  return async function queueReconciliationSummary(summary: ReconciliationSummaryMail): Promise<string> {
    if (!valid(summary))
      throw ApplicationFailure.nonRetryable('not a reconciliation summary', 'InvalidInput');
    if (!isPlainEmailAddress(reportTo)) {
      throw ApplicationFailure.nonRetryable('RECONCILIATION_REPORT_TO is not set', 'InvalidEmail');
    }
    // By environment and day: one summary a day, and another deployment's never shares its Message-ID.
    const id = outboxRowId('reconciliation_summary', publicUrl, summary.day);
    await queueOutboxOnce(EmailOutbox, id, 'reconciliation_summary', reportTo, {
      day: summary.day,
      compared: summary.compared,
      newFindings: summary.newFindings,
      authorisationsCancelled: summary.authorisationsCancelled,
      findings: { ...summary.findings },
      link: `${publicUrl}/api/v1/admin/reconciliation/findings?day=${summary.day}`,
    });
    return id;
  };
}
