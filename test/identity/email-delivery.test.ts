import test from 'ava';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { createSmtpTransport } from '../../activities/notify';
import { createOutboxActivities, outboxMessageId } from '../../activities/notify/deliver-outbox-email';
import { getMe, requestPasswordReset, signup, verifyEmail } from '../../lib/accounts';
import { outboxWorkflowId, temporalEmailDispatch } from '../../lib/accounts/email-dispatch';
import { findOneByBlindIndex } from '../../db/encrypted';
import { loadConfig } from '../../lib/config';
import { keyringOf } from '../../db/encrypted';
import { createLogger } from '../../lib/logger';
import { createTemporalClient } from '../../lib/temporal/connection';
import { taskQueues } from '../../lib/temporal/task-queues';
import { createWorker, type CreatedWorker } from '../../workers/bootstrap';
import { accountsHarness } from './helpers/accounts-harness';
import { newEmail, strongPassword } from './helpers/accounts-data';

// Real workers on queues of their own against the dev Temporal server and the SMTP sink.
const queues = taskQueues(`id${randomBytes(5).toString('hex')}`);
const config = loadConfig();
const transport = createSmtpTransport(config);
let client: Client;
const h = accountsHarness('email-delivery', { dispatch: () => temporalEmailDispatch(client, queues) });
const workers: CreatedWorker[] = [];
const running: Promise<void>[] = [];
const origin = { ip: '192.0.2.77', userAgent: 'ava' };

test.serial.before(async () => {
  // 'error': the SDK warns that each worker polls only workflows or only activities.
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'error' } });
  const activities = createOutboxActivities({
    sequelize: h.sequelize,
    keyring: keyringOf(h.sequelize),
    transport,
    from: config.smtp.from,
  });
  const created = await Promise.all([
    createWorker({
      pool: 'booking',
      taskQueue: queues.booking,
      workflowsPath: require.resolve('../../workflows/booking-pool'),
      config,
      logger,
    }),
    createWorker({ pool: 'notify', taskQueue: queues.notify, activities, config, logger }),
  ]);
  workers.push(...created);
  running.push(...created.map((w) => w.worker.run()));
  client = await createTemporalClient(config);
});

test.after.always(async () => {
  for (const w of workers) w.worker.shutdown();
  await Promise.allSettled(running);
  await Promise.allSettled(workers.map((w) => w.connection.close()));
  await client?.connection.close();
  transport.close();
});

interface SinkMessage {
  to: string[];
  raw: string;
}

function sinkMessages(recipient: string): SinkMessage[] {
  const dir = process.env.SMTP_SINK_DIR;
  if (!dir) throw new Error('SMTP_SINK_DIR is not set: run through scripts/with-env.sh');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SinkMessage)
    .filter((m) => m.to.includes(recipient));
}

/** Waits for the outbox row's workflow, then returns the mail it delivered. */
async function deliveredMail(outboxId: string, recipient: string): Promise<SinkMessage> {
  await client.workflow.getHandle(outboxWorkflowId(outboxId)).result();
  for (let i = 0; i < 50; i += 1) {
    const found = sinkMessages(recipient).find((m) => m.raw.includes(outboxMessageId(outboxId)));
    if (found) return found;
    await sleep(100);
  }
  throw new Error('mail not in the sink');
}

/** Quoted-printable soft breaks and escapes undone, enough to read links and lines back. */
const bodyOf = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

test.serial(
  'SEC-AUTH-07 the verification email goes through the notify pool to the sink, and its link verifies',
  async (t) => {
    const email = newEmail('mail');
    await signup(h.deps, { email, password: strongPassword(), fullName: 'Katherine Johnson' }, origin);
    const outboxId = h.dispatched.at(-1)!;
    const mail = await deliveredMail(outboxId, email);
    const token = /#verify-email=([A-Za-z0-9_-]{43})/.exec(bodyOf(mail.raw))?.[1];
    t.truthy(token);
    await verifyEmail(h.deps, token!, origin);
    const user = await findOneByBlindIndex(h.deps.models.User, 'email', email);
    t.true((await getMe(h.deps, { id: user!.id, role: 'USER' })).emailVerified);

    // The workflow history carries the row id only: no address, no link.
    const history = await client.workflow.getHandle(outboxWorkflowId(outboxId)).fetchHistory();
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
    await deliveredMail(h.dispatched.at(-1)!, email);
    requestPasswordReset(h.deps, email, origin);
    await h.deps.background.drain();
    const outboxId = h.dispatched.at(-1)!;
    const mail = bodyOf((await deliveredMail(outboxId, email)).raw);
    t.regex(mail, /Requested from IP address: 192\.0\.2\.77/);
    t.regex(mail, new RegExp(`Requested at: ${h.clock.now().toISOString().replace(/[.]/g, '\\.')}`));
    t.regex(mail, /#reset-password=[A-Za-z0-9_-]{43}/);

    const again = createOutboxActivities({
      sequelize: h.sequelize,
      keyring: keyringOf(h.sequelize),
      transport,
      from: config.smtp.from,
    });
    const retry = await again.deliverOutboxEmail(outboxId);
    t.false(retry.sentNow);
    await sleep(300);
    t.is(sinkMessages(email).filter((m) => m.raw.includes(outboxMessageId(outboxId))).length, 1);
  },
);
