import test from 'ava';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import { createNotifyPoolActivities } from '../../activities/notify-pool';
import { createPaymentsPoolActivities } from '../../activities/payments-pool';
import { keyringOf } from '../../db/encrypted';
import { createSmtpTransport } from '../../lib/clients';
import { loadConfig } from '../../lib/config';
import { reconciliationWorkflow } from '../../workflows/maintenance-pool';
import { mailText, sinkMessagesTo } from '../helpers/smtp-sink';
import { freshQueues, startWorkers, type TestWorkers } from '../helpers/temporal-workers';
import { paymentsHarness, type PaymentsHarness } from './helpers/payments-db';
import {
  migratePending,
  paidBooking,
  storedFindings,
  type PaidBooking,
} from './helpers/reconciliation-fixtures';

/*
 * The daily summary of issue 17.5 through the real SMTP sink: one mail per day to the operators'
 * mailbox (this file's own, given to its notify worker as RECONCILIATION_REPORT_TO would be), with
 * counts by kind and a link to the day's findings; a re-run of the day mails nothing new.
 */

const config = loadConfig();
const queues = freshQueues('rs');
const transport = createSmtpTransport(config);
const mailbox = `reconciliation-${randomBytes(4).toString('hex')}@example.test`;
let day: string;
let h: PaymentsHarness;
let workers: TestWorkers;
let open: PaidBooking;

test.before(async () => {
  // The planted rows and the runs must share one UTC day (as in sec-pay-02-reconciliation.test.ts).
  const msToMidnight = 86_400_000 - (Date.now() % 86_400_000);
  if (msToMidnight < 100_000) await sleep(msToMidnight + 1_000);
  day = new Date().toISOString().slice(0, 10);
  h = await paymentsHarness();
  await migratePending(h);
  workers = await startWorkers({
    config,
    queues,
    logLevel: 'error',
    workers: [
      { pool: 'maintenance', workflowsPath: require.resolve('../../workflows/maintenance-pool') },
      {
        pool: 'payments',
        activities: createPaymentsPoolActivities({ stripe: h.stripe, sequelize: h.sequelize }),
      },
      {
        pool: 'notify',
        activities: createNotifyPoolActivities({
          transport,
          from: config.smtp.from,
          sequelize: h.sequelize,
          keyring: keyringOf(h.sequelize),
          reconciliationReportTo: mailbox,
        }),
      },
    ],
  });
  // Planted: an authorisation left open past its booking's end (a customer's payment, cancelled by
  // the run), a payment and a refund Stripe never saw.
  open = await paidBooking(h, { status: 'AWAITING_PAYMENT', capture: false, checkOut: '2020-01-02' });
  const ghost = await h.models.Payment.create({
    booking_id: randomUUID(),
    user_id: randomUUID(),
    amount_minor: 999,
    currency: 'EUR',
    status: 'succeeded',
    stripe_payment_method_id: 'pm_ghost',
    stripe_payment_intent_id: `pi_ghost${randomBytes(6).toString('hex')}`,
  });
  await h.models.PaymentRefund.create({
    id: randomUUID(),
    payment_id: ghost.id,
    amount_minor: 10,
    status: 'succeeded',
    stripe_refund_id: `re_ghost${randomBytes(6).toString('hex')}`,
  });
});

test.after.always(async () => {
  await workers?.stop();
  transport.close();
  await h?.close();
});

const reconcile = () =>
  workers.client.workflow.execute(reconciliationWorkflow, {
    taskQueue: queues.maintenance,
    workflowId: `test-reconciliation-summary-${randomUUID()}`,
    workflowExecutionTimeout: '5 minutes',
    args: [{ taskQueues: queues, day, nowMs: Date.now() }],
  });

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
