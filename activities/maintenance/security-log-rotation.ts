import { createReadStream, createWriteStream } from 'node:fs';
import { access, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { RetentionConfig } from '../../lib/config/retention';
import { logFileName, parseLogFileName, type LogFileName } from '../../lib/logger/daily-log-files';
import { purgeInBatches, type BatchedPurgeLimits } from './batched-purge';
import { before, clockOf, type RetentionStepInput, type RetentionStepResult } from './retention-step';

export interface SecurityLogRotationDeps extends Partial<BatchedPurgeLimits> {
  /** Config.log.dir (LOG_DIR): where the processes write their daily files. Unset: nothing to rotate. */
  logDir: string | undefined;
  retention: Pick<RetentionConfig, 'securityLogMonths'>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A day's file is compressed once the day has been over an hour: late writes have long landed. */
const compressibleAt = (day: string) => Date.parse(`${day}T00:00:00Z`) + DAY_MS + HOUR_MS;

async function logFiles(dir: string): Promise<Array<LogFileName & { name: string }>> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return names.sort().flatMap((name) => {
    const parsed = parseLogFileName(name);
    return parsed ? [{ name, ...parsed }] : [];
  });
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Gzips `<file>.log` into `<file>.log.gz` through a temporary file renamed into place, then
 * removes the original. A crash at any point leaves either the original (redone from scratch) or
 * a complete .gz (the leftover original is then only removed): never a half archive.
 */
async function compress(dir: string, file: LogFileName): Promise<void> {
  const source = join(dir, logFileName(file.service, file.day));
  const target = `${source}.gz`;
  if (!(await exists(target))) {
    const partial = `${target}.partial`;
    await pipeline(createReadStream(source), createGzip(), createWriteStream(partial, { mode: 0o640 }));
    await rename(partial, target);
  }
  await unlink(source);
}

/**
 * SEC-LOG-05 "security logs 12 months, the last 3 queryable at once" (docs/retention.md):
 * - `compressSecurityLogs`: every finished day's file is gzipped (`zcat -f … | jq` reads both);
 * - `expireSecurityLogs`: every file of a day before now − 12 months is deleted.
 * Files are handled `batchSize` at a time with heartbeats, in name order; each step is
 * idempotent, so a retry after a crash finishes what is left. Other files are never touched.
 */
export function createSecurityLogRotationActivities({
  logDir,
  retention,
  batchSize = 20,
  maxBatches = 1000,
}: SecurityLogRotationDeps) {
  const limits = { batchSize, maxBatches };
  return {
    async compressSecurityLogs(input: RetentionStepInput): Promise<RetentionStepResult> {
      const now = clockOf(input);
      const cutoff = new Date(now.getTime() - DAY_MS - HOUR_MS);
      const batch = async (size: number) => {
        if (!logDir) return 0;
        const due = (await logFiles(logDir))
          .filter((f) => !f.compressed && compressibleAt(f.day) <= now.getTime())
          .slice(0, size);
        for (const file of due) await compress(logDir, file);
        return due.length;
      };
      return { ...(await purgeInBatches(batch, limits)), cutoff: cutoff.toISOString() };
    },
    async expireSecurityLogs(input: RetentionStepInput): Promise<RetentionStepResult> {
      const cutoff = before(clockOf(input), { months: retention.securityLogMonths });
      const firstKeptDay = cutoff.toISOString().slice(0, 10);
      const batch = async (size: number) => {
        if (!logDir) return 0;
        const due = (await logFiles(logDir)).filter((f) => f.day < firstKeptDay).slice(0, size);
        for (const file of due) await unlink(join(logDir, file.name));
        return due.length;
      };
      return { ...(await purgeInBatches(batch, limits)), cutoff: cutoff.toISOString() };
    },
  };
}

export type SecurityLogRotationActivities = ReturnType<typeof createSecurityLogRotationActivities>;
