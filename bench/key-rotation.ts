import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { attachKeyring, reencryptRowsUsingKey } from '../db/encrypted';
import { encryptedModels } from '../db/models/encrypted-models';
import { identityModels } from '../db/models/identity';
import { createSequelize } from '../lib/clients/database';
import { encryptField, keyringFromConfig } from '../lib/crypto';
import { tempKekDir } from '../test/crypto/helpers/temp-kek';
import { freshDatabase, superuserClient } from '../test/helpers/databases';

/**
 * Re-encryption throughput of a data key rotation (SEC-DATA-02) and what it does to reads served
 * at the same time, in a throwaway clone of the test template:
 *   scripts/with-env.sh node --import tsx bench/key-rotation.ts [rows, default 100000] [batch, default 500]
 * Plants `rows` outbox rows under pii version 1, measures the p99 of a row read through the model
 * (findByPk, decrypt) for READ_MS without rotation, then rotates and re-encrypts every row in
 * batches (the activity's loop: reencryptRowsUsingKey) while the same reads run. Appends to
 * bench/RESULTS.md. Reads here are model reads, not the API's search and booking endpoints.
 */
const ROWS = Number(process.argv[2] ?? 100_000);
const BATCH = Number(process.argv[3] ?? 500);
const READ_MS = Number(process.env.BENCH_READ_MS ?? 20_000);
const OPERATOR = { system: 'bench-key-rotation' };

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

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
  encryptedModels(sequelize);
  const { EmailOutbox } = identityModels(sequelize);
  const su = await superuserClient(db.name);
  try {
    const ids: string[] = [];
    for (let done = 0; done < ROWS;) {
      const n = Math.min(5_000, ROWS - done);
      const chunk = Array.from({ length: n }, () => randomUUID());
      const recipients = await Promise.all(
        chunk.map((id) =>
          encryptField(
            keyring,
            `person${id.slice(0, 8)}@bench.example`,
            {
              table: 'email_outbox',
              column: 'recipient_encrypted',
              rowId: id,
            },
            { dataClass: 'pii' },
          ),
        ),
      );
      await su.query(
        `INSERT INTO email_outbox (id, template, recipient_encrypted)
         SELECT * FROM unnest($1::uuid[], array_fill('welcome'::text, ARRAY[$3::int]), $2::text[])`,
        [chunk, recipients, n],
      );
      ids.push(...chunk);
      done += n;
    }
    await su.query('ANALYZE email_outbox');

    const read = async () => {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const start = process.hrtime.bigint();
      const row = await EmailOutbox.findByPk(id);
      if (!row?.recipient) throw new Error('read failed');
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const readFor = async (until: () => boolean) => {
      const ms: number[] = [];
      while (!until()) ms.push(await read());
      return ms.sort((a, b) => a - b);
    };

    const baseEnd = Date.now() + READ_MS;
    const baseline = await readFor(() => Date.now() >= baseEnd);

    await keyring.rotate('pii', OPERATOR);
    let rotating = true;
    const during = readFor(() => !rotating);
    const start = process.hrtime.bigint();
    let rows = 0;
    for (let n; (n = await reencryptRowsUsingKey(EmailOutbox, 'pii', 1, BATCH)) > 0;) rows += n;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rotating = false;
    const rotated = await during;
    const left = await su.query(
      "SELECT count(*)::int AS n FROM email_outbox WHERE recipient_encrypted LIKE 'v1.pii.1.%'",
    );

    const figures = {
      rows,
      left: left.rows[0].n as number,
      seconds: seconds.toFixed(1),
      rowsPerSecond: Math.round(rows / seconds),
      baselineP99: p(baseline, 0.99).toFixed(2),
      baselineReads: baseline.length,
      rotatingP99: p(rotated, 0.99).toFixed(2),
      rotatingReads: rotated.length,
      ratio: (p(rotated, 0.99) / p(baseline, 0.99)).toFixed(2),
    };
    console.log(JSON.stringify(figures));
    const text = `
## Key rotation re-encryption (bench/key-rotation.ts), ${new Date().toISOString()}

Machine: ${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model ?? '?'}; Node ${process.version}; PostgreSQL on the same host; load average ${loadavg()[0]!.toFixed(1)} when it finished (a shared machine: figures are indicative).
${ROWS} email_outbox rows under pii version 1, re-encrypted to version 2 in batches of ${BATCH} (reencryptRowsUsingKey, one process), while one loop reads random rows through the model (findByPk + decrypt); the same loop alone for ${READ_MS / 1000} s before gives the baseline.

| rows | re-encrypted | left | seconds | rows/s | read p99 alone (ms) | read p99 during (ms) | ratio |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${ROWS} | ${rows} | ${figures.left} | ${figures.seconds} | ${figures.rowsPerSecond} | ${figures.baselineP99} (${baseline.length} reads) | ${figures.rotatingP99} (${rotated.length} reads) | ${figures.ratio} |
`;
    appendFileSync(join(__dirname, 'RESULTS.md'), text);
  } finally {
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
