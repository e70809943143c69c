import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNotifyPoolActivities } from '../../../activities/notify-pool';
import { createPaymentsPoolActivities } from '../../../activities/payments-pool';
import { keyringOf } from '../../../db/encrypted';
import { createSmtpTransport, type SmtpTransport } from '../../../lib/clients';
import { loadConfig } from '../../../lib/config';
import {
  reconciliationWorkflow,
  type ReconciliationSummary,
  type ReconciliationWorkflowInput,
} from '../../../workflows/maintenance-pool';
import { freshQueues, startWorkers, type TestWorkers, type WorkerSpec } from '../../helpers/temporal-workers';
import { paymentsHarness, type PaymentsHarness } from '../../payments/helpers/payments-db';
import { migratePending } from './reconciliation-fixtures';

/**
 * Today (UTC), after waiting for the next day when less than `marginMs` of this one is left, so
 * that what a file plants and what it reconciles share one day.
 */
export async function reconciliationDay(marginMs: number): Promise<string> {
  const msToMidnight = 86_400_000 - (Date.now() % 86_400_000);
  if (msToMidnight < marginMs) await sleep(msToMidnight + 1_000);
  return new Date().toISOString().slice(0, 10);
}

/**
 * The reconciliation workflow's pool (maintenance) and the notify pool over `h`'s database: its
 * audit events and the summary mail, sent through `transport` to `reportTo` when given.
 */
export function workflowAndNotifyWorkers(
  h: PaymentsHarness,
  transport: SmtpTransport,
  reportTo?: string,
): WorkerSpec[] {
  return [
    { pool: 'maintenance', workflowsPath: require.resolve('../../../workflows/maintenance-pool') },
    {
      pool: 'notify',
      activities: createNotifyPoolActivities({
        transport,
        from: loadConfig().smtp.from,
        sequelize: h.sequelize,
        keyring: keyringOf(h.sequelize),
        ...(reportTo && { reconciliationReportTo: reportTo }),
      }),
    },
  ];
}

export interface ReconciliationStack {
  /** The day under test: today (UTC), on which everything the file plants falls. */
  day: string;
  h: PaymentsHarness;
  workers: TestWorkers;
  /** Runs the real reconciliation workflow over `day` and answers its summary. */
  reconcile(extra?: Partial<ReconciliationWorkflowInput>): Promise<ReconciliationSummary>;
  close(): Promise<void>;
}

/**
 * A private payments database and the reconciliation's three pools on queues of their own
 * (maintenance: the workflow; payments: Stripe and the findings; notify: audit and the summary mail,
 * to `reportTo` when given). A file that would start within 100 s of UTC midnight waits for the
 * next day (reconciliationDay).
 */
export async function reconciliationStack(
  queuePrefix: string,
  { reportTo }: { reportTo?: string } = {},
): Promise<ReconciliationStack> {
  const config = loadConfig();
  const queues = freshQueues(queuePrefix);
  const transport = createSmtpTransport(config);
  const day = await reconciliationDay(100_000);
  const h = await paymentsHarness();
  await migratePending(h);
  const workers = await startWorkers({
    config,
    queues,
    logLevel: 'error',
    workers: [
      ...workflowAndNotifyWorkers(h, transport, reportTo),
      {
        pool: 'payments',
        activities: createPaymentsPoolActivities({ stripe: h.stripe, sequelize: h.sequelize }),
      },
    ],
  });
  return {
    day,
    h,
    workers,
    reconcile: (extra = {}) =>
      workers.client.workflow.execute(reconciliationWorkflow, {
        taskQueue: queues.maintenance,
        workflowId: `test-reconciliation-${randomUUID()}`,
        workflowExecutionTimeout: '5 minutes',
        args: [{ taskQueues: queues, day, nowMs: Date.now(), ...extra }],
      }),
    async close() {
      await workers.stop();
      transport.close();
      await h.close();
    },
  };
}
