import { createNotifyPoolActivities } from '../activities/notify-pool';
import { createSequelize, createSmtpTransport } from '../lib/clients';
import { config } from '../lib/config';
import { runMain, runWorker } from './bootstrap';

/** Email and audit activities: `node --import tsx workers/notify.ts`. */
export function startNotifyWorker(): Promise<void> {
  const cfg = config();
  const transport = createSmtpTransport(cfg);
  const sequelize = createSequelize(cfg, 'app');
  return runWorker({
    pool: 'notify',
    activities: createNotifyPoolActivities({ transport, from: cfg.smtp.from, sequelize }),
    onShutdown: async () => {
      transport.close();
      await sequelize.close();
    },
  });
}

if (require.main === module) runMain(startNotifyWorker);
