import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachKeyring, reencryptRowsUsingKey } from '../db/encrypted';
import { encryptedModels } from '../db/models/encrypted-models';
import { createSequelize } from '../lib/clients/database';
import { keyringFromConfig } from '../lib/crypto';
import { tempKekDir } from '../test/crypto/helpers/temp-kek';
import { freshDatabase, superuserClient } from '../test/helpers/databases';
import { startRotationReaders, type RotationReaders } from './key-rotation-api';
import { plantOutboxRows } from './key-rotation-plant';
import { failedText, load, machineLine, machineTicks, ms, p99, type Window } from './key-rotation-report';

/**
 * Re-encryption throughput of a data key rotation (SEC-DATA-02) and what it does to the API's
 * reads served at the same time, in a throwaway clone of the test template:
 *   scripts/with-env.sh node --import tsx bench/key-rotation.ts [rows, default 1000000] [batch, default 500]
 * Plants `rows` email_outbox rows under pii version 1 (bench/key-rotation-plant.ts), starts the
 * API (api/server.ts) on that database and a load process reading through it
 * (bench/key-rotation-api.ts), measures the p99 of a hotel search and of a booking read for
 * BENCH_BASE_MS without rotation, then rotates pii and re-encrypts every row in batches (the
 * activity's step: reencryptRowsUsingKey, model after model) while the same reads run. Stops
 * re-encrypting at BENCH_STOP_AT (an ISO time) if given, and says so. Appends to bench/RESULTS.md.
 */
const ROWS = Number(process.argv[2] ?? 1_000_000);
const BATCH = Number(process.argv[3] ?? 500);
const WARM_MS = Number(process.env.BENCH_WARM_MS ?? 10_000);
const BASE_MS = Number(process.env.BENCH_BASE_MS ?? 60_000);
const STOP_AT = process.env.BENCH_STOP_AT ? Date.parse(process.env.BENCH_STOP_AT) : Infinity;
const CUSTOMERS = 20;
const OPERATOR = { system: 'bench-key-rotation' };

/** Runs `work` while the load runs and measures the reads, the API's CPU and the machine's. */
async function measured<T>(readers: RotationReaders, work: () => Promise<T>): Promise<[T, Window]> {
  await readers.take(); // drop what came before
  const start = Date.now();
  const apiCpu = readers.api.cpuSeconds();
  const ticks = machineTicks();
  const result = await work();
  const reads = await readers.take();
  const seconds = (Date.now() - start) / 1000;
  const after = machineTicks();
  return [
    result,
    {
      seconds,
      searchP99: p99(reads.search),
      searches: reads.search.length,
      bookingP99: p99(reads.booking),
      bookings: reads.booking.length,
      failed: reads.failed,
      apiCores: (readers.api.cpuSeconds() - apiCpu) / seconds,
      machineBusy: (after.busy - ticks.busy) / (after.total - ticks.total),
      load: load(),
    },
  ];
}

const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

async function main() {
  const db = await freshDatabase();
  const secrets = tempKekDir();
  const sequelize = createSequelize(db.config, 'app');
  const keyring = keyringFromConfig(db.config, sequelize, {
    activeVersionTtlMs: 0,
    retireGraceMs: 0,
    env: { SECRETS_DIR: secrets.dir },
  });
  attachKeyring(sequelize, keyring);
  const models = encryptedModels(sequelize);
  const su = await superuserClient(db.name);
  const dir = secrets.dir;
  let readers: RotationReaders | undefined;
  try {
    const loadAtStart = load();
    const plantStart = Date.now();
    await plantOutboxRows(su, keyring, ROWS);
    await su.query('ANALYZE email_outbox');
    const plantSeconds = (Date.now() - plantStart) / 1000;
    console.log(`planted ${ROWS} rows in ${plantSeconds.toFixed(0)} s`);

    readers = await startRotationReaders({
      dir,
      base: db.config,
      sequelize,
      customers: CUSTOMERS,
      childEnv: {
        ...process.env,
        DATABASE_URL: db.config.database.url,
        DATABASE_ADMIN_URL: db.config.database.adminUrl,
        KEK_FILE: join(secrets.dir, 'kek'),
        LOG_LEVEL: 'info',
      },
    });
    await sleep(WARM_MS);
    const [, baseline] = await measured(readers, () => sleep(BASE_MS));
    console.log(`baseline ${JSON.stringify(baseline)}`);

    await keyring.rotate('pii', OPERATOR);
    const cpu = process.cpuUsage();
    const [rows, during] = await measured(readers, async () => {
      let done = 0;
      for (const model of models) {
        for (let n; Date.now() < STOP_AT && (n = await reencryptRowsUsingKey(model, 'pii', 1, BATCH)) > 0;)
          done += n;
      }
      return done;
    });
    const used = process.cpuUsage(cpu);
    const benchCores = (used.user + used.system) / 1e6 / during.seconds;
    const left = (
      await su.query(
        "SELECT count(*)::int AS n FROM email_outbox WHERE recipient_encrypted LIKE 'v1.pii.1.%'",
      )
    ).rows[0].n as number;
    const rate = rows / during.seconds;
    const figures = { rows, left, rate, benchCores, plantSeconds, baseline, during };
    console.log(JSON.stringify(figures));

    const cut = left > 0 ? ` **Stopped at BENCH_STOP_AT with ${left} rows left: not the full run.**` : '';
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const row = (name: string, w: Window) =>
      `| ${name} | ${w.seconds.toFixed(0)} | ${ms(w.searchP99)} (${w.searches}) | ${ms(w.bookingP99)} (${w.bookings}) | ${w.apiCores.toFixed(2)} | ${(w.machineBusy * 100).toFixed(0)}% | ${w.load} | ${failedText(w.failed)} |`;
    appendFileSync(
      join(__dirname, 'RESULTS.md'),
      `
## Key rotation re-encryption under API reads (bench/key-rotation.ts), ${new Date().toISOString()}

Machine: ${machineLine()}; PostgreSQL, Redis and OpenSearch of the shared dev stack on the same host; load average ${loadAtStart} at the start, ${load()} at the end (a shared machine: figures are indicative, the ratios are the point).
${ROWS.toLocaleString('en-US')} email_outbox rows planted under pii version 1 in a throwaway clone (encrypted as the model writes them, 10,000-row INSERTs: ${plantSeconds.toFixed(0)} s), then pii rotated to version 2 and every row re-encrypted in batches of ${BATCH} (reencryptRowsUsingKey, the activity's step: lock, decrypt, encrypt, one UPDATE per batch), in the bench's process. Meanwhile api/server.ts in its own process on that database serves a load process (bench/key-rotation-load.ts, closed loops: 2 of \`GET /api/v1/search/hotels\`, half one cached query and half a random uncached one over a private copy of the stack's ${readers.hotels.toLocaleString('en-US')} hotels; 2 of \`GET /api/v1/bookings/:id\`, ${CUSTOMERS} owners with Bearer sessions). The same load for ${BASE_MS / 1000} s before the rotation gives the baseline.${cut}

| re-encrypted | left | seconds | rows/s | re-encryption process CPU (cores) |
| ---: | ---: | ---: | ---: | ---: |
| ${rows.toLocaleString('en-US')} | ${left} | ${during.seconds.toFixed(0)} | **${Math.round(rate)}** | ${benchCores.toFixed(2)} (${((1e6 * benchCores * during.seconds) / Math.max(rows, 1)).toFixed(0)} µs/row) |

| window | seconds | search p99 ms (answers) | booking read p99 ms (answers) | API CPU (cores) | machine busy | load average at end | failed |
| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |
${row('no rotation', baseline)}
${row('during re-encryption', during)}

p99 during rotation / without: **search ${ratio(during.searchP99, baseline.searchP99)}**, **booking read ${ratio(during.bookingP99, baseline.bookingP99)}**.
`,
    );
  } finally {
    await readers?.close();
    await su.end();
    await sequelize.close();
    await db.drop();
    secrets.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
