import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOutboxActivities, outboxMessageId } from '../../activities/notify/deliver-outbox-email';
import { findOneByBlindIndex, keyringOf } from '../../db/encrypted';
import { getMe, requestPasswordReset, signup, verifyEmail } from '../../services/accounts';
import { outboxWorkflowId } from '../../services/accounts/email-dispatch';
import { loadConfig } from '../../lib/config';
import { accountsHarness } from './helpers/accounts-harness';
import { newEmail, strongPassword } from './helpers/accounts-data';
import { emailWorkers, mailBody } from './helpers/email-workers';

// The harness first: its hooks (database, keyring) run before the workers'.
const h = accountsHarness('email-delivery', { dispatch: () => mail.dispatch() });
const mail = emailWorkers(() => h);
const origin = { ip: '192.0.2.77', userAgent: 'ava' };

test.serial(
  'SEC-AUTH-07 the verification email goes through the notify pool to the sink, and its link verifies',
  async (t) => {
    const email = newEmail('mail');
    await signup(h.deps, { email, password: strongPassword(), fullName: 'Katherine Johnson' }, origin);
    const outboxId = h.dispatched.at(-1)!;
    const message = await mail.deliveredMail(outboxId, email);
    const token = /#verify-email=([A-Za-z0-9_-]{43})/.exec(mailBody(message.raw))?.[1];
    t.truthy(token);
    await verifyEmail(h.deps, token!, origin);
    const user = await findOneByBlindIndex(h.deps.models.User, 'email', email);
    t.true((await getMe(h.deps, { id: user!.id, role: 'USER' })).emailVerified);

    // The workflow history carries the row id only: no address, no link.
    const history = await mail.client().workflow.getHandle(outboxWorkflowId(outboxId)).fetchHistory();
    const text = JSON.stringify(history);
    t.false(text.includes(email));
    t.false(text.includes(token!));
    // Sent rows keep no payload.
    const row = await h.deps.models.EmailOutbox.findByPk(outboxId);
    t.is(row?.status, 'sent');
    t.is(row?.payload, null);
  },
);

test.serial(
  'SEC-AUTH-05 the reset email carries the request IP and time; a retried delivery does not send again',
  async (t) => {
    const email = newEmail('reset');
    await signup(h.deps, { email, password: strongPassword(), fullName: 'Dorothy Vaughan' }, origin);
    await mail.deliveredMail(h.dispatched.at(-1)!, email);
    requestPasswordReset(h.deps, email, origin);
    await h.deps.background.drain();
    const outboxId = h.dispatched.at(-1)!;
    const body = mailBody((await mail.deliveredMail(outboxId, email)).raw);
    t.regex(body, /Requested from IP address: 192\.0\.2\.77/);
    t.regex(body, new RegExp(`Requested at: ${h.clock.now().toISOString().replace(/[.]/g, '\\.')}`));
    t.regex(body, /#reset-password=[A-Za-z0-9_-]{43}/);

    const again = createOutboxActivities({
      sequelize: h.sequelize,
      keyring: keyringOf(h.sequelize),
      transport: mail.transport,
      from: loadConfig().smtp.from,
    });
    const retry = await again.deliverOutboxEmail(outboxId);
    t.false(retry.sentNow);
    await sleep(300);
    t.is(mail.sinkMessages(email).filter((m) => m.raw.includes(outboxMessageId(outboxId))).length, 1);
  },
);
