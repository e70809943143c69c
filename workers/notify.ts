import type { Sequelize } from 'sequelize';
import { createAuditActivities } from '../activities/audit';
import { createNotifyActivities, createSmtpTransport } from '../activities/notify';
import type { SmtpTransport } from '../activities/notify/smtp-transport';
import { createSequelize } from '../db/connection';
import { createAuditWriter } from '../lib/audit';
import { config } from '../lib/config';
import { runMain, runWorker } from './bootstrap';

export interface NotifyWorkerDeps {
  transport: SmtpTransport;
  from: string;
  /** The app role: audit rows are only ever inserted (SEC-LOG-04). */
  sequelize: Sequelize;
}

/** Everything the notify pool registers: email and the audit write (`writeAudit`). */
export function notifyWorkerActivities({ transport, from, sequelize }: NotifyWorkerDeps) {
  return {
    ...createNotifyActivities({ transport, from }),
    ...createAuditActivities({ writer: createAuditWriter(sequelize) }),
  };
}

/** Email and audit activities: `node --import tsx workers/notify.ts`. */
export function startNotifyWorker(): Promise<void> {
  const cfg = config();
  const transport = createSmtpTransport(cfg);
  const sequelize = createSequelize(cfg, 'app');
  return runWorker({
    pool: 'notify',
    activities: notifyWorkerActivities({ transport, from: cfg.smtp.from, sequelize }),
    onShutdown: async () => {
      transport.close();
      await sequelize.close();
    },
  });
}

if (require.main === module) runMain(startNotifyWorker);
