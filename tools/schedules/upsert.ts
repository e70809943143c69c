import {
  ScheduleAlreadyRunning,
  type Client,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import { SCHEDULES, scheduleOptions, type MaintenanceWorkflow, type ScheduleTarget } from './definitions';

export interface UpsertedSchedule {
  scheduleId: string;
  outcome: 'created' | 'updated';
  /** An operator's pause survives an update; it is reported so it is never silent. */
  paused: boolean;
}

/**
 * Creates the schedule, or when it exists replaces its spec, action and policies with the
 * declared ones (so a hand edit is reverted). Running it again changes nothing else.
 */
export async function upsertSchedule(
  client: Client,
  options: ScheduleOptions<ScheduleOptionsStartWorkflowAction<MaintenanceWorkflow>>,
): Promise<UpsertedSchedule> {
  const { scheduleId: id, spec, action, policies, state } = options;
  try {
    await client.schedule.create(options);
    return { scheduleId: id, outcome: 'created', paused: false };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  let paused = false;
  await client.schedule.getHandle(id).update<MaintenanceWorkflow>((previous) => {
    paused = previous.state.paused;
    return {
      spec,
      action,
      policies,
      // No action limit; keep a pause and its reason.
      state: paused ? { paused, note: previous.state.note } : { paused, note: state?.note },
    };
  });
  return { scheduleId: id, outcome: 'updated', paused };
}

/** Creates or updates every declared schedule, one after the other. */
export async function upsertSchedules(
  client: Client,
  target: ScheduleTarget = {},
): Promise<UpsertedSchedule[]> {
  const results: UpsertedSchedule[] = [];
  for (const definition of SCHEDULES) {
    results.push(await upsertSchedule(client, scheduleOptions(definition, target)));
  }
  return results;
}
