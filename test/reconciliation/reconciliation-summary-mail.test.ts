import test from 'ava';
import { randomBytes } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { loadConfig } from '../../lib/config';
import { mailText, sinkMessagesTo } from '../helpers/smtp-sink';
import type { PaymentsHarness } from '../payments/helpers/payments-db';
import { reconciliationStack, type ReconciliationStack } from './helpers/reconciliation-stack';
import {
  paidBooking,
  paymentStripeNeverSaw,
  refundStripeNeverSaw,
  storedFindings,
  type PaidBooking,
} from './helpers/reconciliation-fixtures';

/*
 * The daily summary of issue 17.5 through the real SMTP sink: one mail per day to the operators'
 * mailbox (this file's own, given to its notify worker as RECONCILIATION_REPORT_TO would be), with
 * counts by kind and a link to the day's findings; a re-run of the day mails nothing new.
 */

const config = loadConfig();
const mailbox = `reconciliation-${randomBytes(4).toString('hex')}@example.test`;
let stack: ReconciliationStack;
let day: string;
let h: PaymentsHarness;
let open: PaidBooking;

test.before(async () => {
  stack = await reconciliationStack('rs', { reportTo: mailbox });
  ({ day, h } = stack);
  // Planted: an authorisation left open past its booking's end (a customer's payment, cancelled by
  // the run), a payment and a refund Stripe never saw.
  open = await paidBooking(h, { status: 'AWAITING_PAYMENT', capture: false, checkOut: '2020-01-02' });
  await refundStripeNeverSaw(h, await paymentStripeNeverSaw(h));
});

test.after.always(async () => stack?.close());

const reconcile = () => stack.reconcile();

const summaryRows = () =>
  h.sequelize.query<{ id: string; status: string }>(
    "SELECT id, status FROM email_outbox WHERE template = 'reconciliation_summary'",
    { type: QueryTypes.SELECT },
  );

test.serial(
  'SEC-PAY-02 a reconciled day mails the operators one summary: counts by kind, a link to the day’s findings, no customer or card data',
  async (t) => {
    const summary = await reconcile();
    const byKind: Record<string, number> = {};
    for (const f of await storedFindings(h, day)) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
    t.true(byKind.missing_on_stripe! >= 1 && byKind.refund_missing_on_stripe! >= 1);
    t.is(byKind.authorisation_open, 1);

    const mails = sinkMessagesTo(mailbox);
    t.is(mails.length, 1);
    const lines = mailText(mails[0]!.raw).split(/\r?\n/);
    const total = Object.values(byKind).reduce((sum, n) => sum + n, 0);
    t.true(lines.includes(`Subject: Reconciliation ${day}: ${total} findings, ${summary.stored} new`));
    const kindLines = lines.filter((l) => /^[a-z]+(_[a-z]+)+: \d+$/.test(l));
    t.deepEqual(
      kindLines.sort(),
      Object.entries(byKind)
        .map(([kind, n]) => `${kind}: ${n}`)
        .sort(),
    );
    t.true(lines.includes('authorisations cancelled: 1'));
    t.true(
      lines.includes(`Details: ${config.api.publicUrl}/api/v1/admin/reconciliation/findings?day=${day}`),
    );
    const text = lines.join('\n');
    t.false(text.includes(open.actor.id), 'no customer id');
    t.notRegex(text, /\b(pm|pi|ch|re|cus)_[A-Za-z0-9]/, 'no Stripe object id');
  },
);

test.serial('SEC-PAY-02 a re-run of the same day mails no second summary', async (t) => {
  const [before] = await summaryRows();
  await reconcile();
  t.is(sinkMessagesTo(mailbox).length, 1);
  t.deepEqual(await summaryRows(), [{ id: before!.id, status: 'sent' }]);
});
