/**
 * The task-queue names, one per worker pool (DESIGN.md "Shape"), so each pool scales, deploys
 * and is network-isolated on its own. This is the only place the names are spelled.
 *
 * Workflow code cannot import this module (it imports only `@temporalio/workflow` and types):
 * a workflow receives the queues it dispatches activities to in its input, typed by
 * `TaskQueues`, and the starter fills them from here. The history then records where each
 * activity was sent, and a renamed queue never changes what a running workflow does.
 */
export const POOLS = ['bookings', 'suppliers', 'payments', 'notify', 'maintenance'] as const;

export type Pool = (typeof POOLS)[number];

export type TaskQueues = Readonly<Record<Pool, string>>;

const PREFIX = 'travelhub';
const SUFFIX_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Every pool's task queue. `suffix` gives a test run or preview deployment its own queues, so
 * it never steals tasks from (or hands tasks to) workers already polling the shared names.
 */
export function taskQueues(suffix?: string): TaskQueues {
  if (suffix !== undefined && !SUFFIX_PATTERN.test(suffix)) {
    throw new Error('task-queue suffix must be 1-40 characters of a-z, 0-9 and -');
  }
  const names = {} as Record<Pool, string>;
  for (const pool of POOLS) names[pool] = suffix ? `${PREFIX}-${pool}-${suffix}` : `${PREFIX}-${pool}`;
  return Object.freeze(names);
}

export function isPool(value: string): value is Pool {
  return (POOLS as readonly string[]).includes(value);
}
