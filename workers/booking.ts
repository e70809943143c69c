import { runMain, runWorker } from './bootstrap';

/** The booking pool runs workflow code only: `node --import tsx workers/booking.ts`. */
export function startBookingWorker(): Promise<void> {
  return runWorker({ pool: 'booking', workflowsPath: require.resolve('../workflows/booking-pool') });
}

if (require.main === module) runMain(startBookingWorker);
