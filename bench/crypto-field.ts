/**
 * Field-encryption micro-benchmark (SEC-DATA-01..03): encrypt+decrypt of one field with a warm
 * keyring, per data-class key and per-user key, and blind-index computation. Runs on a private
 * database cloned from the template, with a throw-away KEK; appends its figures to
 * bench/RESULTS.md.   scripts/with-env.sh npx tsx bench/crypto-field.ts
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createSequelize } from '../lib/clients/database';
import {
  blindIndex,
  decryptField,
  encryptField,
  normalizers,
  type FieldKey,
  type Keyring,
} from '../lib/crypto';
import { keyringFromConfig } from '../lib/crypto';
import { freshDatabase } from '../test/helpers/databases';
import { tempKekDir } from '../test/crypto/helpers/temp-kek';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const VALUE = 'Augusta Ada King, Countess of Lovelace';

async function opsPerSecond(op: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2000; i++) await op(); // warm-up: JIT, key cache
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(DURATION_MS) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 200; i++) await op();
    n += 200;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

function roundTrip(keyring: Keyring, key: FieldKey) {
  const location = { table: 'customer_profiles', column: 'full_name_encrypted', rowId: randomUUID() };
  const userId = 'userId' in key ? key.userId : undefined;
  return async () =>
    decryptField(keyring, await encryptField(keyring, VALUE, location, key), location, { userId });
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function main() {
  const db = await freshDatabase();
  const secrets = tempKekDir();
  const sequelize = createSequelize(db.config, 'app');
  try {
    const keyring = keyringFromConfig(db.config, sequelize, { env: { SECRETS_DIR: secrets.dir } });
    const results = {
      classKey: await opsPerSecond(roundTrip(keyring, { dataClass: 'pii' })),
      userKey: await opsPerSecond(roundTrip(keyring, { userId: randomUUID() })),
      blindIndex: await opsPerSecond(() =>
        blindIndex(keyring, 'customer_profiles.email', 'Augusta.Byron@Example.org', normalizers.email),
      ),
    };
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const machine = `${availableParallelism()} CPUs (nproc), ${cpuModel()}, Node ${process.version}`;
    const date = new Date().toISOString().slice(0, 10);
    const section = [
      '',
      `## Field encryption (bench/crypto-field.ts), ${date}`,
      '',
      `Machine: ${machine}. One process, one field of ${VALUE.length} characters, warm keyring, ${DURATION_MS} ms per row.`,
      '',
      '| operation | ops/s |',
      '|---|---:|',
      `| encrypt + decrypt, data-class key (AES-256-GCM) | ${fmt(results.classKey)} |`,
      `| encrypt + decrypt, per-user key (AES-256-GCM) | ${fmt(results.userKey)} |`,
      `| blind index (NFKC + HMAC-SHA256) | ${fmt(results.blindIndex)} |`,
      '',
    ].join('\n');
    console.log(section);
    const file = join(__dirname, 'RESULTS.md');
    if (!existsSync(file))
      writeFileSync(file, '# Benchmark results\n\nFigures appended by the scripts in bench/, newest last.\n');
    appendFileSync(file, section);
  } finally {
    await sequelize.close();
    await db.drop();
    secrets.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
