import { runMain, runWorker } from './bootstrap';

/** The booking pool runs workflow code only: `node --import tsx workers/bookings.ts`. */
export function startBookingWorker(): Promise<void> {
  return runWorker({ pool: 'bookings', workflowsPath: require.resolve('../workflows/bookings-pool') });
}

if (require.main === module) runMain(startBookingWorker);
