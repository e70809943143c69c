import { createNotifyActivities, createSmtpTransport } from '../activities/notify';
import { config } from '../lib/config';
import { runMain, runWorker } from './bootstrap';

/** Email (and later audit) activities: `node --import tsx workers/notify.ts`. */
export function startNotifyWorker(): Promise<void> {
  const cfg = config();
  const transport = createSmtpTransport(cfg);
  return runWorker({
    pool: 'notify',
    activities: createNotifyActivities({ transport, from: cfg.smtp.from }),
    onShutdown: () => transport.close(),
  });
}

if (require.main === module) runMain(startNotifyWorker);
