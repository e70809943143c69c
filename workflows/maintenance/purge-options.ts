import type { ActivityOptions } from '@temporalio/workflow';

/** The activity options of the hourly batched purges: a run may take long, but ends inside the hour. */
export const HOURLY_PURGE_OPTIONS = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '50 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} satisfies ActivityOptions;

/** The activity options of the daily retention steps: a long run ends well inside the day. */
export const DAILY_PURGE_OPTIONS = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '10 hours',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} satisfies ActivityOptions;
