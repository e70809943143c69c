import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import { dayBounds, platformPayments, storeFindings } from '../activities/payments/reconciliation-data';
import type { PaymentModels } from '../db/models/payment-models';
import type { TaskQueues } from '../lib/temporal/task-queues';
import { compareCharge, compareIntent, type Finding } from '../services/reconciliation/findings';
import { reconciliationWorkflow } from '../workflows/maintenance-pool';
import type { PlantedPayment } from './reconciliation-plant';

const HOUR_MS = 3_600_000;

/** CPU seconds (user + system) of this process. */
export const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export interface CreationChunk {
  /** Charges in localstripe's store once the chunk was made. */
  storeSize: number;
  perSecond: number;
  localstripeCpuMsPerCharge: number;
}

/**
 * `total` captured charges (PaymentIntents confirmed with one PaymentMethod) made at the bench's
 * localstripe, 4 requests in flight, timed per chunk of 1,000 so the rate is seen as the store
 * grows.
 */
export async function createCharges(
  stripe: Stripe,
  localstripeCpu: () => number,
  paymentMethodId: string,
  total: number,
): Promise<{ intents: Array<{ intentId: string; amountMinor: number }>; chunks: CreationChunk[] }> {
  const intents: Array<{ intentId: string; amountMinor: number }> = [];
  const chunks: CreationChunk[] = [];
  for (let done = 0; done < total;) {
    const size = Math.min(1_000, total - done);
    const [t0, c0] = [performance.now(), localstripeCpu()];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < size) {
          next += 1;
          const amountMinor = 1_000 + ((done + next) % 9_000);
          const intent = await stripe.paymentIntents.create({
            amount: amountMinor,
            currency: 'eur',
            payment_method: paymentMethodId,
            confirm: true,
          });
          intents.push({ intentId: intent.id, amountMinor });
        }
      }),
    );
    done += size;
    const seconds = (performance.now() - t0) / 1000;
    chunks.push({
      storeSize: done,
      perSecond: size / seconds,
      localstripeCpuMsPerCharge: ((localstripeCpu() - c0) * 1000) / size,
    });
    console.log(`localstripe: ${done} charges, last 1,000 at ${(size / seconds).toFixed(0)}/s`);
  }
  return { intents, chunks };
}

const eventMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

/** From the workflow's history: when `reconcileStripeDay` started and completed (its last attempt). */
async function activitySeconds(client: Client, workflowId: string): Promise<number> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const scheduled = events.find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'reconcileStripeDay',
  );
  const id = Number(scheduled?.eventId);
  const started = events.find((e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === id);
  const completed = events.find(
    (e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === id,
  );
  if (!started || !completed) throw new Error('reconcileStripeDay did not complete in one attempt');
  return (eventMs(completed.eventTime) - eventMs(started.eventTime)) / 1000;
}

export interface ListingRun {
  compared: number;
  stored: number;
  seconds: number;
  workerCpuSeconds: number;
  localstripeCpuSeconds: number;
}

/** The daily workflow on the bench's workers; the activity's own time from its history. */
export async function listingAndCompare(
  client: Client,
  queues: TaskQueues,
  day: string,
  localstripeCpu: () => number,
): Promise<ListingRun> {
  const workflowId = `bench-reconciliation-${randomUUID()}`;
  const [c0, l0] = [ownCpu(), localstripeCpu()];
  const summary = await client.workflow.execute(reconciliationWorkflow, {
    taskQueue: queues.maintenance,
    workflowId,
    workflowExecutionTimeout: '2 hours',
    args: [{ taskQueues: queues, day, nowMs: Date.now() }],
  });
  return {
    compared: summary.compared,
    stored: summary.stored,
    seconds: await activitySeconds(client, workflowId),
    workerCpuSeconds: ownCpu() - c0,
    localstripeCpuSeconds: localstripeCpu() - l0,
  };
}

export interface Stage {
  name: string;
  rows: number;
  seconds: number;
  cpuSeconds: number;
}

async function stage<T>(name: string, rows: number, work: () => Promise<T> | T): Promise<[T, Stage]> {
  const [t0, c0] = [performance.now(), ownCpu()];
  const out = await work();
  return [out, { name, rows, seconds: (performance.now() - t0) / 1000, cpuSeconds: ownCpu() - c0 }];
}

/**
 * The compare path without Stripe: the activity's own pieces (reconciliation-data's read of the
 * day's payments with their Stripe ids decrypted and their bookings' facts, the pure comparisons,
 * the findings' inserts) over `planted`, with what Stripe would answer for each payment (its
 * charge and its PaymentIntent, amounts as charged) built in memory.
 */
export async function compareAlone(
  models: PaymentModels,
  day: string,
  planted: PlantedPayment[],
  chargedMinor: Map<string, number>,
): Promise<{ stages: Stage[]; findings: number }> {
  const { startMs, endMs } = dayBounds(day);
  const charges = planted.map((p, i) => ({
    id: `ch_bench${i}`,
    paymentIntentId: p.intentId,
    amountMinor: chargedMinor.get(p.id)!,
    currency: 'EUR',
    captured: true,
  }));
  const n = planted.length;
  const [payments, load] = await stage('read and decrypt the day’s payments', n, () =>
    platformPayments(models, startMs - HOUR_MS, endMs + HOUR_MS),
  );
  if (payments.length !== n) throw new Error(`read ${payments.length} payments, planted ${n}`);
  const [findings, compare] = await stage('compare charges and PaymentIntents', 2 * n, () => {
    const byIntent = new Map(payments.map((p) => [p.paymentIntentId!, p]));
    const found: Finding[] = [];
    for (const c of charges) found.push(...compareCharge(c, byIntent.get(c.paymentIntentId)));
    for (const p of payments) {
      const intent = { status: 'succeeded', amountMinor: chargedMinor.get(p.id)!, currency: 'EUR' };
      found.push(...compareIntent(p, intent, Date.now()).findings);
    }
    return found;
  });
  const [stored, store] = await stage('store findings', 0, () => storeFindings(models, day, findings));
  store.rows = findings.length;
  return { stages: [load, compare, store], findings: stored };
}
