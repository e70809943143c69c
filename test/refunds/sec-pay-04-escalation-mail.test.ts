import test from 'ava';
import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { QueryTypes } from 'sequelize';
import { createNotifyPoolActivities } from '../../activities/notify-pool';
import { outboxMessageId } from '../../activities/notify/deliver-outbox-email';
import type { RefundEscalation } from '../../activities/notify/refund-escalation-email';
import { keyringOf } from '../../db/encrypted';
import { createSmtpTransport } from '../../lib/clients';
import { loadConfig } from '../../lib/config';
import { requestRefund } from '../../services/refunds';
import { createUser } from '../accounts/helpers/accounts-data';
import { mailText, sinkMessages } from '../helpers/smtp-sink';
import { freshQueues, startWorkers, type TestWorkers } from '../helpers/temporal-workers';
import { ORIGIN, refundsStack, type RefundsStack } from './helpers/refunds-stack';

/*
 * The escalation's notice (SEC-PAY-04, issue 17.3): on the real stack, with this file's own notify
 * worker whose first attempt of every mail step does its work and then loses its answer, so each
 * step really runs twice through Temporal's retry.
 */

let s: RefundsStack;
let notify: TestWorkers;
// The stack's SMTP sink and public URL (the notify pool's defaults).
const config = loadConfig();
const transport = createSmtpTransport(config);
/** What each attempt of the escalation step answered, by refund id. */
const queued = new Map<string, string[][]>();

test.before(async () => {
  s = await refundsStack();
  const real = createNotifyPoolActivities({
    transport,
    from: config.smtp.from,
    sequelize: s.saga.sequelize,
    keyring: keyringOf(s.saga.sequelize),
  });
  notify = await startWorkers({
    config: s.saga.config,
    queues: freshQueues('rm'),
    logLevel: 'error',
    workers: [
      {
        pool: 'notify',
        activities: {
          ...real,
          async queueRefundEscalationEmails(input: RefundEscalation) {
            const ids = await real.queueRefundEscalationEmails(input);
            queued.set(input.refundId, [...(queued.get(input.refundId) ?? []), ids]);
            if (activityInfo().attempt === 1) throw new Error('answer lost after the rows were written');
            return ids;
          },
          async deliverOutboxEmail(outboxId: string) {
            const sent = await real.deliverOutboxEmail(outboxId);
            if (activityInfo().attempt === 1) throw new Error('answer lost after the relay took the mail');
            return sent;
          },
        },
      },
    ],
  });
});
test.after.always(async () => {
  await notify?.stop();
  transport.close();
  await s?.close();
});

test('SEC-PAY-04 an escalated request mails each other platform admin who can decide once, with ids and amounts, never the requester; retried steps mail nobody twice', async (t) => {
  const { bookingId, capturedMinor } = await s.confirmedBooking();
  const requester = await s.admin();
  const second = await s.admin();
  const unverified = await createUser(s.accounts, { role: 'PLATFORM_ADMIN', verified: false });
  const deps = {
    ...s.deps({ approvalThresholdMinor: 1, escalateAfterSeconds: 1, decisionTimeoutSeconds: 3 }),
    queues: { ...s.saga.queues, notify: notify.queues.notify },
  };
  const refund = await requestRefund(
    deps,
    requester.actor,
    bookingId,
    { amountMinor: capturedMinor, reason: 'service_failure' },
    randomUUID(),
    ORIGIN,
  );
  const [row] = await s.saga.sequelize.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM refund_requests WHERE id = $1',
    { bind: [refund.id], type: QueryTypes.SELECT },
  );
  t.like(await s.saga.client.workflow.getHandle(row!.workflow_id).result(), {
    status: 'expired',
    escalated: true,
  });

  // Both attempts of the escalation step named the same rows: one per admin who can decide.
  const attempts = queued.get(refund.id) ?? [];
  t.is(attempts.length, 2);
  t.deepEqual(attempts[1], attempts[0]);
  const rows = await s.saga.sequelize.query<{ id: string; status: string }>(
    "SELECT id, status FROM email_outbox WHERE template = 'refund_escalated' ORDER BY id",
    { type: QueryTypes.SELECT },
  );
  t.deepEqual(
    rows,
    [...attempts[0]!].sort().map((id) => ({ id, status: 'sent' })),
    'no row but the ones delivered, each sent',
  );

  const mails = sinkMessages().filter((m) => m.raw.includes(refund.id));
  t.deepEqual(
    mails.map((m) => m.to),
    [[second.email]],
    'one mail, to the second admin: not the requester, not an unverified address',
  );
  t.false(mails.some((m) => m.to.includes(unverified.email)));
  const text = mailText(mails[0]!.raw);
  t.true(text.includes(outboxMessageId(rows[0]!.id)));
  for (const line of [
    `Refund: ${refund.id}`,
    `Booking: ${bookingId}`,
    `Amount: ${(capturedMinor / 100).toFixed(2)} ${refund.currency}`,
    'Reason: service_failure',
    'waited 1 s',
    `${config.api.publicUrl}/api/v1/refunds?status=pending`,
  ]) {
    t.true(text.includes(line), line);
  }
});
