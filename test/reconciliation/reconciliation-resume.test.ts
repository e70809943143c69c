import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSmtpTransport } from '../../lib/clients';
import { loadConfig } from '../../lib/config';
import { taskQueues } from '../../lib/temporal/task-queues';
import { reconciliationWorkflow, type ReconciliationWorkflowInput } from '../../workflows/maintenance-pool';
import { startWorkers, type TestWorkers } from '../helpers/temporal-workers';
import { heldStripeProxy, type HeldStripeProxy } from './helpers/held-stripe-proxy';
import { reconciliationDay, workflowAndNotifyWorkers } from './helpers/reconciliation-stack';
import { paymentsHarness, type PaymentsHarness } from '../payments/helpers/payments-db';
import {
  chargeBehindTheBack,
  migratePending,
  paidBooking,
  refundBehindTheBack,
  storedFindings,
} from './helpers/reconciliation-fixtures';
import { localstripeObject, proxyRequests } from '../payments/helpers/stripe-stack';
import { serverHeartbeat } from '../helpers/server-heartbeat';

// The activity lists 100 charges a page: more than one page of the day's charges is planted, so
// the kill can land between two pages whatever the shared localstripe already holds.
const STRAY_CHARGES = 120;
const STRIPE_ONLY_KINDS = new Set(['missing_on_platform', 'refund_missing_on_platform']);
const config = loadConfig();
const suffix = `rr${randomBytes(5).toString('hex')}`;
const queues = taskQueues(suffix);
const transport = createSmtpTransport(config);
let day: string;
let h: PaymentsHarness;
let stripe: HeldStripeProxy;
let workers: TestWorkers;
const children: ChildProcess[] = [];

test.before(async () => {
  day = await reconciliationDay(200_000);
  h = await paymentsHarness();
  await migratePending(h);
  stripe = await heldStripeProxy();
  // The workflow and the notify pool in this process; the payments pool (reconcileStripeDay) in
  // child processes that the test kills: workers/payments.ts itself, on this file's queues.
  // The private database's configuration: its keyring seals the workflows' payloads, in this
  // process and in the payments worker processes alike.
  workers = await startWorkers({
    config: h.db.config,
    queues,
    logLevel: 'error',
    workers: workflowAndNotifyWorkers(h, transport),
  });
});

test.after.always(async () => {
  for (const child of children) child.kill('SIGKILL');
  await workers?.stop();
  transport.close();
  await stripe?.close();
  await h?.close();
});

/** workers/payments.ts in a process of its own: the private database, queues and Stripe proxy. */
async function paymentsWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../workers/payments.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: h.db.config.database.url,
      DATABASE_ADMIN_URL: h.db.config.database.adminUrl,
      STRIPE_API_URL: stripe.url,
      TEMPORAL_TASK_QUEUE_SUFFIX: suffix,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`payments worker exited (${String(code)}) before it polled`);
  });
  const polling = (async () => {
    for await (const line of lines) if (line.includes('worker polling')) return;
  })();
  await Promise.race([polling, exited]);
  lines.on('line', () => {}); // keep draining its log
  return child;
}

interface Progress {
  phase: string;
  after: string | null;
  compared: number;
  stored: number;
}

function start(extra: Partial<ReconciliationWorkflowInput> = {}) {
  const input: ReconciliationWorkflowInput = { taskQueues: queues, day, nowMs: Date.now(), ...extra };
  return workers.client.workflow.start(reconciliationWorkflow, {
    taskQueue: queues.maintenance,
    workflowId: `test-reconciliation-resume-${randomUUID()}`,
    workflowExecutionTimeout: '6 minutes',
    args: [input],
  });
}

const key = (f: { kind: string; subject: string }) => `${f.kind} ${f.subject}`;
const chargesList = (method: string, path: string) => method === 'GET' && path.startsWith('/v1/charges?');

test('SEC-PAY-02 reconciliation killed between two pages of Stripe charges resumes from the heartbeated cursor, and stores the findings of an uninterrupted run, once', async (t) => {
  t.timeout(420_000);
  // Planted: more than a page of charges the platform never made, and one mismatch of each
  // platform-side kind the listing phases find (the others are in sec-pay-02-reconciliation).
  const strays: string[] = [];
  for (let i = 0; i < STRAY_CHARGES; i += 6)
    strays.push(...(await Promise.all([0, 1, 2, 3, 4, 5].map((j) => chargeBehindTheBack(1_000 + i + j)))));
  const clean = await paidBooking(h, { status: 'CONFIRMED' });
  const strayRefund = await refundBehindTheBack(clean.chargeId, 100);
  const amount = await paidBooking(h, { status: 'CONFIRMED' });
  await h.models.Payment.update(
    { amount_minor: amount.amountMinor + 55 },
    { where: { id: amount.paymentId } },
  );
  const unconfirmed = await paidBooking(h, { status: 'FAILED' });
  const open = await paidBooking(h, { status: 'AWAITING_PAYMENT', capture: false, checkOut: '2020-01-02' });
  const planted = [
    ...strays.map((subject) => ({ kind: 'missing_on_platform', subject })),
    { kind: 'amount_differs', subject: amount.paymentId },
    { kind: 'authorisation_open', subject: open.paymentId },
    { kind: 'captured_without_confirmed_booking', subject: unconfirmed.paymentId },
    { kind: 'refund_missing_on_platform', subject: strayRefund },
  ];

  // Run 1: the first worker answers page 1, heartbeats its cursor, and is killed while it waits
  // for page 2 (held at the proxy, so it never reaches Stripe).
  const first = await paymentsWorkerProcess();
  const heldPage = stripe.hold(
    (method, path) => chargesList(method, path) && path.includes('starting_after='),
  );
  const handle = await start();
  const heldPath = await heldPage;
  const progress = () => serverHeartbeat<Progress>(workers.client, handle);
  let beat: Progress | undefined;
  for (let i = 0; i < 600 && !((beat = await progress()) && beat.after); i += 1) await sleep(100);
  t.like(beat, { phase: 'charges' }, 'the server holds a heartbeat from the charges listing');
  t.truthy(
    beat?.after && heldPath.includes(`starting_after=${beat.after}`),
    'killed waiting for the page after it',
  );
  first.kill('SIGKILL');
  t.is((await once(first, 'exit'))[1], 'SIGKILL');
  stripe.dropHeld();
  const [lastBeforeKill] = (await proxyRequests({}, stripe.url)).slice(-1);
  const storedByFirst = await storedFindings(h, day);
  t.true(storedByFirst.length >= 1, 'the killed attempt stored its first page’s findings');
  t.is(beat!.stored, storedByFirst.length, 'and heartbeated them with the cursor');

  // The retry (after the 2-minute heartbeat timeout) runs in a second worker process.
  await paymentsWorkerProcess();
  const summary = await handle.result();
  const charges = await proxyRequests(
    { path: '/v1/charges', after_seq: String(lastBeforeKill!.seq) },
    stripe.url,
  );
  t.true(charges.length >= 1);
  t.is(
    new URL(charges[0]!.path, 'http://x').searchParams.get('starting_after'),
    beat!.after,
    'the retry’s first listing call continues after the heartbeated cursor',
  );
  t.deepEqual(
    charges.filter((r) => !r.path.includes('starting_after=')),
    [],
    'the retry never listed the first page again',
  );

  // Every planted mismatch, on the killed attempt's page or after it, stored once.
  const afterRun = await storedFindings(h, day);
  const found = new Set(afterRun.map(key));
  t.deepEqual(
    planted.filter((p) => !found.has(key(p))),
    [],
    'every planted mismatch found',
  );
  t.deepEqual(
    afterRun
      .filter((f) => !STRIPE_ONLY_KINDS.has(f.kind))
      .map(key)
      .sort(),
    planted
      .filter((p) => !STRIPE_ONLY_KINDS.has(p.kind))
      .map(key)
      .sort(),
  );
  t.is(summary.stored, afterRun.length, 'the summary counts each stored finding once, across both attempts');
  t.is(summary.authorisationsCancelled, 1);
  t.is(
    (await localstripeObject<{ status: string }>(`/v1/payment_intents/${open.intentId}`)).status,
    'canceled',
  );

  // An uninterrupted run of the same day finds nothing the interrupted one missed: all it adds
  // are charges and refunds other test files made at the shared localstripe meanwhile.
  const again = await (await start()).result();
  const afterAgain = await storedFindings(h, day);
  const added = afterAgain.filter((f) => !found.has(key(f)));
  t.is(again.stored, added.length);
  t.deepEqual(
    added.filter((f) => !STRIPE_ONLY_KINDS.has(f.kind) || planted.some((p) => key(p) === key(f))),
    [],
  );
});
