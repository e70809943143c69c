import { loadavg, availableParallelism } from 'node:os';
import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createLogger, requestLogFields } from '../lib/logger';

/**
 * CPU per request-log line: scripts/with-env.sh node --import tsx bench/request-log-line.ts [--dry]
 * Builds the request middleware's child logger and writes its one `request` line, as api/middleware/
 * request-log.ts does, many times to a discarding stream; prints CPU µs per line (process.cpuUsage,
 * median of 7 rounds) and appends it to bench/RESULTS.md unless --dry.
 */
const LINES = 20_000;
const SIMPLE_CHILD = !process.argv.includes('--full-child');
let bytes = 0;
const sink = new Writable({
  write: (chunk: Buffer, _e, done) => {
    bytes += chunk.length;
    done();
  },
});
const logger = createLogger({ serviceName: 'bench', log: { level: 'info' } }, sink);

function line(i: number): void {
  const log = logger.child(
    requestLogFields({
      request_id: `3f2a1b9c-${String(i % 10_000).padStart(4, '0')}-4e5f-8a9b-0c1d2e3f4a5b`,
      ip: `10.${i % 256}.${(i >> 8) % 256}.7`,
      user_agent: 'wrk/4.2.0 (Linux x86_64)',
    }),
    SIMPLE_CHILD,
  );
  log.info(
    {
      action: 'GET /api/v1/search/hotels',
      result: 'success',
      status: 200,
      error_code: undefined,
      error_id: undefined,
      user_id: undefined,
      workflow_id: undefined,
      method: 'GET',
      path: '/api/v1/search/hotels',
      duration_ms: 1.234 + (i % 100) / 1000,
    },
    'request',
  );
}

function round(): number {
  const before = process.cpuUsage();
  for (let i = 0; i < LINES; i++) line(i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / LINES;
}

for (let i = 0; i < 3; i++) round(); // warm-up: JIT
const rounds = Array.from({ length: 7 }, round).sort((a, b) => a - b);
const median = rounds[3]!;
const section = [
  '',
  `## Request log line (bench/request-log-line.ts), ${new Date().toISOString()}`,
  '',
  `Machine: ${availableParallelism()} CPUs; Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}. ` +
    `One request middleware child logger + one \`request\` line at info to a discarding stream, ${LINES.toLocaleString('en-US')} lines a round, median of 7 rounds: ` +
    `**${median.toFixed(1)} µs CPU per line** (rounds ${rounds[0]!.toFixed(1)}-${rounds[6]!.toFixed(1)}); ${Math.round(bytes / (LINES * 10))} bytes a line.`,
  '',
].join('\n');
console.log(section);
if (!process.argv.includes('--dry')) appendFileSync('bench/RESULTS.md', `${section}\n`);
