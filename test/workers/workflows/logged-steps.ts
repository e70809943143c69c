import { ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';

export interface LoggedStepActivities {
  quoteHotel(hotelId: string): Promise<number>;
  reserveHotel(hotelId: string): Promise<void>;
}

const { quoteHotel, reserveHotel } = proxyActivities<LoggedStepActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
});

/** Two steps, the second failing for good: one success and one failure to log. */
export async function loggedStepsWorkflow(hotelId: string): Promise<string> {
  const price = await quoteHotel(hotelId);
  log.info('quote received', { priceMinor: price });
  try {
    await reserveHotel(hotelId);
  } catch {
    // Workflow log metadata is cloned out of the workflow sandbox, which keeps an error's name
    // and message only: a code the line should carry is named explicitly.
    log.warn('reservation failed', { error_code: 'HOLD_REFUSED' });
    throw ApplicationFailure.nonRetryable('the supplier refused the hold', 'HOLD_REFUSED');
  }
  return 'unreachable';
}
