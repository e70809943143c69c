import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { createSmtpTransport } from '../../../lib/clients';
import { createOutboxActivities, outboxMessageId } from '../../../activities/notify/deliver-outbox-email';
import { keyringOf } from '../../../db/encrypted';
import type { EmailDispatch } from '../../../services/accounts';
import { outboxWorkflowId, temporalEmailDispatch } from '../../../services/accounts/email-dispatch';
import { loadConfig } from '../../../lib/config';
import { freshQueues, startWorkers, type TestWorkers } from '../../helpers/temporal-workers';
import type { AccountsHarness } from './accounts-harness';

export interface SinkMessage {
  to: string[];
  raw: string;
}

export interface EmailWorkers {
  client(): Client;
  /** For accountsHarness/identityApp's `dispatch` option: starts the real notification workflow. */
  dispatch(): EmailDispatch;
  /** Waits for the outbox row's workflow, then returns the mail it delivered. */
  deliveredMail(outboxId: string, recipient: string): Promise<SinkMessage>;
  sinkMessages(recipient: string): SinkMessage[];
  transport: ReturnType<typeof createSmtpTransport>;
}

/** Quoted-printable soft breaks and escapes undone, enough to read links and lines back. */
export const mailBody = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

/**
 * Real workers on queues of their own against the dev Temporal server (booking pool bundle, the
 * notify pool's outbox activity on the harness's database) and the SMTP sink. Register after the
 * harness: its hooks run first.
 */
export function emailWorkers(h: () => AccountsHarness): EmailWorkers {
  const queues = freshQueues('id');
  const config = loadConfig();
  const transport = createSmtpTransport(config);
  let workers: TestWorkers | undefined;
  test.serial.before(async () => {
    const harness = h();
    const activities = createOutboxActivities({
      sequelize: harness.sequelize,
      keyring: keyringOf(harness.sequelize),
      transport,
      from: config.smtp.from,
    });
    workers = await startWorkers({
      config,
      queues,
      // 'error': the SDK warns that each worker polls only workflows or only activities.
      logLevel: 'error',
      workers: [
        { pool: 'bookings', workflowsPath: require.resolve('../../../workflows/bookings-pool') },
        { pool: 'notify', activities },
      ],
    });
  });
  test.after.always(async () => {
    try {
      await workers?.stop();
    } finally {
      transport.close();
    }
  });
  const client = () => workers!.client;
  const sinkMessages = (recipient: string): SinkMessage[] => {
    const dir = process.env.SMTP_SINK_DIR;
    if (!dir) throw new Error('SMTP_SINK_DIR is not set: run through scripts/with-env.sh');
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SinkMessage)
      .filter((m) => m.to.includes(recipient));
  };
  return {
    transport,
    client,
    dispatch: () => temporalEmailDispatch(client(), queues),
    sinkMessages,
    async deliveredMail(outboxId, recipient) {
      await client().workflow.getHandle(outboxWorkflowId(outboxId)).result();
      for (let i = 0; i < 50; i += 1) {
        const found = sinkMessages(recipient).find((m) => m.raw.includes(outboxMessageId(outboxId)));
        if (found) return found;
        await sleep(100);
      }
      throw new Error('mail not in the sink');
    },
  };
}
