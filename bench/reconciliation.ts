import { appendFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNotifyPoolActivities } from '../activities/notify-pool';
import { createPaymentsPoolActivities } from '../activities/payments-pool';
import { attachKeyring, keyringOf } from '../db/encrypted';
import { paymentModels } from '../db/models/payment-models';
import { createMigrator } from '../db/migrator';
import { createSequelize, createSmtpTransport, createStripeClient } from '../lib/clients';
import { keyringFromConfig } from '../lib/crypto';
import { freshQueues, startWorkers } from '../test/helpers/temporal-workers';
import { privateBenchEnv } from './booking-stack';
import { startPrivateLocalstripe } from './private-localstripe';
import { plantAmountMismatches, plantPayments } from './reconciliation-plant';
import { compareAlone, createCharges, listingAndCompare, type Stage } from './reconciliation-runs';

/**
 * Reconciliation throughput (issue 17.5), rows compared per second:
 *   scripts/with-env.sh node --import tsx bench/reconciliation.ts [listed charges, default 5000] [compared payments, default 100000]
 * 1. Creates the charges at a localstripe of the bench's own, timing each 1,000 (localstripe
 *    slows as its store grows: this is why the listing run is not 100,000 charges).
 * 2. Listing + compare: those charges' payments and bookings planted by SQL in a private database
 *    (1 in 100 with its amount changed), then reconciliationWorkflow on in-process workers
 *    (private queues on the stack's Temporal); the rate is the activity's `compared` over its
 *    started → completed time in the history.
 * 3. Compare path alone over 100,000 payments planted by SQL on another day: the activity's
 *    database read (decrypting every Stripe id), its pure comparisons against a charge and a
 *    PaymentIntent per payment built in memory, and the findings' inserts; no Stripe.
 * Prints the figures and appends them to bench/RESULTS.md (not with --dry); drops its database, stops its
 * localstripe and removes its scratch directory at the end.
 */
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const DRY = process.argv.includes('--dry');
const LISTED = Number(args[0] ?? 5_000);
const COMPARED = Number(args[1] ?? 100_000);
const MISMATCH_EVERY = 100;
const COMPARE_DAY = '2026-01-15';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const perK = (cpuSeconds: number, rows: number) => fmt((cpuSeconds * 1e6) / rows, 2);

async function main() {
  // Every planted row and charge must fall on today (UTC): wait out the last 20 minutes of a day.
  const toMidnight = 86_400_000 - (Date.now() % 86_400_000);
  if (toMidnight < 1_200_000) await sleep(toMidnight + 1_000);
  const day = new Date().toISOString().slice(0, 10);
  const loadStart = loadavg().map((l) => l.toFixed(1));
  const { dir, db } = await privateBenchEnv('reconciliation');
  const localstripe = await startPrivateLocalstripe(dir);
  const owner = createSequelize(db.config, 'owner');
  await createMigrator(owner).up(); // the shared template may predate reconciliation_findings
  await owner.close();
  const sequelize = createSequelize(db.config, 'app');
  attachKeyring(sequelize, keyringFromConfig(db.config, sequelize));
  const models = paymentModels(sequelize);
  const stripe = createStripeClient(db.config, localstripe.url);
  const transport = createSmtpTransport(db.config);
  const queues = freshQueues('brc');
  const workers = await startWorkers({
    config: db.config,
    queues,
    logLevel: 'error',
    workers: [
      { pool: 'maintenance', workflowsPath: require.resolve('../workflows/maintenance-pool') },
      { pool: 'payments', activities: createPaymentsPoolActivities({ stripe, sequelize }) },
      {
        pool: 'notify',
        activities: createNotifyPoolActivities({
          transport,
          from: db.config.smtp.from,
          sequelize,
          keyring: keyringOf(sequelize),
        }),
      },
    ],
  });
  let failed = true;
  try {
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: {
        number: '4242424242424242',
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        cvc: '123',
      },
    } as never);
    const created = await createCharges(stripe, localstripe.cpuSeconds, pm.id, LISTED);
    const listedPayments = await plantPayments(
      sequelize,
      keyringOf(sequelize),
      created.intents,
      new Date(),
      pm.id,
    );
    const listedMismatches = await plantAmountMismatches(sequelize, listedPayments, MISMATCH_EVERY);
    console.log(`planted ${listedPayments.length} payments for ${day}; reconciling`);
    const listing = await listingAndCompare(workers.client, queues, day, localstripe.cpuSeconds);
    console.log(`listing + compare: ${listing.compared} rows in ${listing.seconds.toFixed(1)} s`);

    const synthetic = Array.from({ length: COMPARED }, (_, i) => ({
      intentId: `pi_bench${String(i).padStart(8, '0')}`,
      amountMinor: 1_000 + (i % 9_000),
    }));
    const comparedPayments = await plantPayments(
      sequelize,
      keyringOf(sequelize),
      synthetic,
      new Date(`${COMPARE_DAY}T12:00:00Z`),
      pm.id,
    );
    const charged = new Map(comparedPayments.map((p) => [p.id, p.amountMinor]));
    const compareMismatches = await plantAmountMismatches(sequelize, comparedPayments, MISMATCH_EVERY);
    console.log(`planted ${comparedPayments.length} payments for ${COMPARE_DAY}; comparing`);
    const alone = await compareAlone(models, COMPARE_DAY, comparedPayments, charged);
    for (const s of alone.stages)
      console.log(
        `${s.name}: ${fmt(s.rows)} rows in ${s.seconds.toFixed(2)} s, CPU ${s.cpuSeconds.toFixed(2)} s`,
      );

    record({
      day,
      loadStart,
      chunks: created.chunks,
      listing,
      listingMismatches: listedMismatches.length,
      stages: alone.stages,
      compareFindings: alone.findings,
      compareMismatches: compareMismatches.length,
    });
    failed = false;
  } finally {
    await workers.stop();
    transport.close();
    await sequelize.close();
    await localstripe.stop();
    await db.drop();
    if (failed) console.error(`localstripe's log kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function record(r: {
  day: string;
  loadStart: string[];
  chunks: Awaited<ReturnType<typeof createCharges>>['chunks'];
  listing: Awaited<ReturnType<typeof listingAndCompare>>;
  listingMismatches: number;
  stages: Stage[];
  compareFindings: number;
  compareMismatches: number;
}): void {
  const { listing } = r;
  const total = r.stages.reduce(
    (sum, s) => ({ seconds: sum.seconds + s.seconds, cpu: sum.cpu + s.cpuSeconds }),
    { seconds: 0, cpu: 0 },
  );
  const comparedRows = r.stages[1]!.rows;
  const section = [
    '',
    `## Reconciliation (bench/reconciliation.ts), ${new Date().toISOString()}`,
    '',
    `Machine: ${availableParallelism()} CPUs (nproc), ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, ` +
      `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; the stack's Postgres and Temporal ` +
      `dev server (private database and task queues), a localstripe of the bench's own, all on the same host. ` +
      `Load average ${r.loadStart.join(' ')} at the start, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end (a shared machine: figures are indicative).`,
    '',
    `**1. localstripe's charge creation** (PaymentIntents confirmed at the bench's localstripe, 4 in flight; rate of each 1,000):`,
    '',
    '| charges in the store | created per second | localstripe CPU ms/charge |',
    '|---:|---:|---:|',
    ...r.chunks.map(
      (c) => `| ${fmt(c.storeSize)} | ${fmt(c.perSecond)} | ${fmt(c.localstripeCpuMsPerCharge, 2)} |`,
    ),
    '',
    `**2. Listing + compare** (the real activity, \`reconcileStripeDay\`, run by reconciliationWorkflow on in-process ` +
      `workers): ${fmt(r.chunks.at(-1)!.storeSize)} charges of ${r.day} at localstripe and their payments and bookings ` +
      `planted by SQL as the platform writes them (Stripe ids encrypted), ${r.listingMismatches} of them with ` +
      `their amount changed. Rows compared = the activity's \`compared\` (each charge and refund of the day listed, ` +
      `each payment's PaymentIntent read back); time = the activity's started → completed in the workflow history.`,
    '',
    '| rows compared | findings stored | seconds | rows/s | worker CPU ms/1,000 rows | localstripe CPU ms/1,000 rows |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${fmt(listing.compared)} | ${fmt(listing.stored)} | ${fmt(listing.seconds, 1)} | ` +
      `${fmt(listing.compared / listing.seconds)} | ${perK(listing.workerCpuSeconds, listing.compared)} | ` +
      `${perK(listing.localstripeCpuSeconds, listing.compared)} |`,
    '',
    `**3. Compare path alone, no Stripe**: ${fmt(comparedRows / 2)} payments and bookings of ${COMPARE_DAY} planted ` +
      `by SQL, ${r.compareMismatches} with their amount changed; Stripe's charge and PaymentIntent for each built in ` +
      `memory (2 rows compared per payment). Postgres's own CPU is not counted (shared server).`,
    '',
    '| stage | rows | seconds | rows/s | bench CPU ms/1,000 rows |',
    '|---|---:|---:|---:|---:|',
    ...r.stages.map(
      (s) =>
        `| ${s.name} | ${fmt(s.rows)} | ${fmt(s.seconds, 2)} | ${fmt(s.rows / s.seconds)} | ${perK(s.cpuSeconds, s.rows)} |`,
    ),
    `| **all three** (rows compared) | ${fmt(comparedRows)} | ${fmt(total.seconds, 2)} | ` +
      `${fmt(comparedRows / total.seconds)} | ${perK(total.cpu, comparedRows)} |`,
    '',
    `Findings stored by the compare path: ${fmt(r.compareFindings)} (planted: ${r.compareMismatches}).`,
    '',
  ].join('\n');
  console.log(section);
  if (!DRY) appendFileSync(join(__dirname, 'RESULTS.md'), section);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
