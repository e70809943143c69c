import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DailyFileStream } from '../../lib/logger/daily-file-stream';
import { securityLogRotationWorkflow } from '../../workflows/maintenance-pool';
import { retentionEvents, retentionHarness, type RetentionHarness } from './helpers/retention-harness';

// The run's clock (input): 2030-06-15 12:00 UTC. Compression: days over for an hour at least
// (2030-06-14 and before); expiry: days before 2029-06-15 (12 months before the clock).
const NOW = Date.parse('2030-06-15T12:00:00.000Z');

let r: RetentionHarness;
let dir: string;
test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'travelhub-logs-'));
  r = await retentionHarness({ logDir: dir });
});
test.after.always(async () => {
  await r?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const line = (msg: string) =>
  `${JSON.stringify({ name: 'api', level: 30, msg, time: '2030-01-01T00:00:00Z' })}\n`;
const files = async () => (await readdir(dir)).sort();

test.serial(
  'SEC-LOG-05 security logs: the daily rotation gzips every finished day, deletes exactly the days older than 12 months at the run clock, keeps the rest and other files untouched, and audits retention.applied',
  async (t) => {
    const plain: Record<string, string> = {
      'api.2030-06-15.log': line('today'), // still written: stays as it is
      'api.2030-06-14.log': line('yesterday'),
      'worker.2030-03-01.log': line('march'),
      'api.2029-06-10.log': line('past retention, never compressed'),
      'api.log': line('not a daily file'),
      'notes.txt': 'not a log',
    };
    for (const [name, body] of Object.entries(plain)) await writeFile(join(dir, name), body);
    const gz = [
      'api.2030-06-13.log.gz',
      'api.2029-06-15.log.gz',
      'api.2029-06-14.log.gz',
      'api.2029-01-01.log.gz',
    ];
    for (const name of gz)
      await writeFile(join(dir, name), gzipSync(line(`compressed ${name.slice(4, 14)}`)));

    const handle = await r.start(securityLogRotationWorkflow, 'logs', NOW);
    t.like(await handle.result(), {
      rule: 'security-logs',
      cutoff: '2029-06-15T12:00:00.000Z',
      compressed: 3,
      purged: 3,
      batches: 4,
      more: false,
    });
    t.deepEqual(await files(), [
      'api.2029-06-15.log.gz', // the oldest day kept: 12 months to the day
      'api.2030-06-13.log.gz',
      'api.2030-06-14.log.gz',
      'api.2030-06-15.log',
      'api.log',
      'notes.txt',
      'worker.2030-03-01.log.gz',
    ]);
    t.is(
      gunzipSync(await readFile(join(dir, 'api.2030-06-14.log.gz'))).toString(),
      plain['api.2030-06-14.log']!,
    );
    t.is(
      gunzipSync(await readFile(join(dir, 'worker.2030-03-01.log.gz'))).toString(),
      plain['worker.2030-03-01.log']!,
    );
    t.is(
      gunzipSync(await readFile(join(dir, 'api.2030-06-13.log.gz'))).toString(),
      line('compressed 2030-06-13'),
      'an archive is never compressed again',
    );
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'security-logs',
      details: { cutoff: '2029-06-15T12:00:00.000Z', compressed: 3, purged: 3 },
    });
  },
);

test.serial(
  'SEC-LOG-05 security logs: a day is compressed only once it has been over for an hour (no writer can still append to it)',
  async (t) => {
    const early = await r.start(
      securityLogRotationWorkflow,
      'logs-0030',
      Date.parse('2030-06-16T00:30:00.000Z'),
    );
    // Past midnight the 12 months move on a day too: 2029-06-15 goes.
    t.like(await early.result(), { compressed: 0, purged: 1 });
    t.true((await files()).includes('api.2030-06-15.log'));
    const later = await r.start(
      securityLogRotationWorkflow,
      'logs-0100',
      Date.parse('2030-06-16T01:00:00.000Z'),
    );
    t.like(await later.result(), { compressed: 1, purged: 0 });
    t.true((await files()).includes('api.2030-06-15.log.gz'));
    t.false((await files()).includes('api.2030-06-15.log'));
  },
);

/** The query block of docs/retention.md, as an operator would paste it. */
async function documentedQuery(): Promise<string> {
  const doc = await readFile(join(__dirname, '..', '..', 'docs', 'retention.md'), 'utf8');
  const block = /<!-- query-recipe[^>]*-->\s*```bash\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/retention.md has no query-recipe block');
  return block[1]!;
}

test.serial(
  'SEC-LOG-05 security logs: the documented query (docs/retention.md) reads the last 3 months, compressed and current days alike, and nothing older',
  async (t) => {
    const { stdout } = await promisify(execFile)(
      'bash',
      ['-euo', 'pipefail', '-c', await documentedQuery()],
      {
        // 3 months before the clock of the runs above; 2030-03-01 is older.
        env: { ...process.env, LOG_DIR: dir, SINCE: '2030-03-15' },
      },
    );
    const messages = stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg?: string }).msg);
    t.deepEqual(messages.sort(), ['compressed 2030-06-13', 'today', 'yesterday']);
  },
);

test('SEC-LOG-05 with LOG_DIR the logger writes one file per UTC day and switches at midnight, so a finished day is never appended to again', async (t) => {
  const own = await mkdtemp(join(tmpdir(), 'travelhub-daily-'));
  t.teardown(() => rm(own, { recursive: true, force: true }));
  let clock = Date.parse('2030-06-15T23:59:59.999Z');
  const stream = new DailyFileStream(own, 'api', () => new Date(clock));
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => stream.write(s, (err) => (err ? reject(err) : resolve())));
  await write(line('before midnight'));
  clock += 1;
  await write(line('after midnight'));
  await new Promise<void>((resolve) => stream.end(resolve));
  t.deepEqual((await readdir(own)).sort(), ['api.2030-06-15.log', 'api.2030-06-16.log']);
  t.is(await readFile(join(own, 'api.2030-06-15.log'), 'utf8'), line('before midnight'));
  t.is(await readFile(join(own, 'api.2030-06-16.log'), 'utf8'), line('after midnight'));
});
