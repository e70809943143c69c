import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { FlightInventory } from '../activities/suppliers';
import { createBooking, bookingWorkflowId, type BookingsDeps } from '../services/bookings';
import type { Actor } from '../lib/rbac';
import type { TaskQueues } from '../lib/temporal/task-queues';
import { flightBooking } from '../test/bookings/helpers/booking-body';
import type { BookingResult } from '../workflows/bookings/messages';
import type { ActivityPool, NoopSagaInput } from './workflows/noop-saga';

/** One saga driven to its end: latency from the start call to the workflow's result. */
export interface Outcome {
  ok: boolean;
  latencyMs: number;
  /** The booking only: its id, to read when its row turned CONFIRMED. */
  bookingId?: string;
  workflowId?: string;
  startedAtMs?: number;
}

export interface LoopRun {
  outcomes: Outcome[];
  seconds: number;
}

/** A saga not done after this long is stuck (a failing workflow task retries for ever): a failure. */
const SAGA_DEADLINE_MS = 600_000;
const deadline = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Closed loop: `concurrency` sagas in flight, a new one started as soon as one ends, `total` in
 * all. Throughput is total / elapsed; each latency includes the queueing a saga meets among the
 * others in flight, as a user's booking would at that load.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  one: () => Promise<Outcome>,
): Promise<LoopRun> {
  const outcomes: Outcome[] = [];
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (started < total) {
        started += 1;
        const t = performance.now();
        const failed = () => ({ ok: false, latencyMs: performance.now() - t });
        outcomes.push(await Promise.race([one().catch(failed), deadline(SAGA_DEADLINE_MS).then(failed)]));
      }
    }),
  );
  return { outcomes, seconds: (performance.now() - t0) / 1000 };
}

export interface BookingDriver {
  deps: BookingsDeps;
  actors: Actor[];
  nextFlight: () => FlightInventory;
  nextPaymentMethod: () => string;
}

/** One real booking: the API's service (row, saga start, audit), then the saga to its result. */
export function bookOne(d: BookingDriver): () => Promise<Outcome> {
  let n = 0;
  return async () => {
    const actor = d.actors[n++ % d.actors.length]!;
    const key = randomUUID();
    const startedAtMs = Date.now();
    const t0 = performance.now();
    const accepted = await createBooking(
      d.deps,
      actor,
      flightBooking(d.nextFlight(), d.nextPaymentMethod()),
      key,
      { ip: '198.18.0.2' },
    );
    const workflowId = bookingWorkflowId(actor.id, key);
    const handle = d.deps.temporal.workflow.getHandle(workflowId);
    const result = (await handle.result()) as BookingResult;
    return {
      ok: result.status === 'CONFIRMED',
      latencyMs: performance.now() - t0,
      bookingId: accepted.id,
      workflowId,
      startedAtMs,
    };
  };
}

/** One baseline saga: the no-op activities of `steps` on the baseline queues, to its result. */
export function baselineOne(
  client: Client,
  queues: TaskQueues,
  steps: ActivityPool[],
): () => Promise<Outcome> {
  const input: NoopSagaInput = {
    steps,
    queues: {
      bookings: queues.bookings,
      suppliers: queues.suppliers,
      payments: queues.payments,
      notify: queues.notify,
    },
    finalWaitMs: 0,
  };
  return async () => {
    const t0 = performance.now();
    const handle = await client.workflow.start('noopSagaWorkflow', {
      taskQueue: queues.bookings,
      workflowId: `bench-noop-saga-${randomUUID()}`,
      args: [input],
    });
    await handle.result();
    return { ok: true, latencyMs: performance.now() - t0 };
  };
}

/**
 * The activities a finished booking really ran, in order, read from its history (queue names and
 * activity types only, never payloads): the baseline runs as many, on the same pools.
 */
export async function activitiesOf(
  client: Client,
  workflowId: string,
  queues: TaskQueues,
): Promise<{ pool: ActivityPool; type: string }[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const poolOf = new Map<string, ActivityPool>(
    (['bookings', 'suppliers', 'payments', 'notify'] as const).map((pool) => [queues[pool], pool]),
  );
  return (history.events ?? []).flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) return [];
    const pool = poolOf.get(scheduled.taskQueue?.name ?? '');
    if (!pool) throw new Error(`booking activity on an unexpected queue ${scheduled.taskQueue?.name}`);
    return [{ pool, type: scheduled.activityType?.name ?? '?' }];
  });
}
