/**
 * What one workflow start costs the Temporal dev server, alone: issue 8's accept path starts one
 * booking workflow per request, and at 100 requests/s on this 2-core machine that cost competes
 * with the API, Postgres and Redis. Starts workflows at a fixed rate (open loop) on a Temporal dev
 * server of its own (bench/private-temporal.ts, the stack's settings, fresh store), on a task
 * queue nobody polls, with the booking workflow's three search attributes and a payload of the
 * size of a sealed booking input; once through the TypeScript client's gRPC connection
 * (@grpc/grpc-js, what the API uses) and once through the SDK's native (Rust) connection.
 * Prints start latency and the CPU per start of this process and of the server (/proc).
 *   scripts/with-env.sh node --import tsx bench/temporal-start.ts [starts=1000] [rate=100] [--dry]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type ConnectionLike } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { BOOKING_ID, BOOKING_STATUS, CUSTOMER_ID } from '../lib/temporal/search-attributes';
import { load, machine, ms, num, publish, quantile } from './booking-results';
import { startPrivateTemporal } from './private-temporal';
import { cpuSecondsOf } from './process-cpu';

const args = process.argv.slice(2).filter((a) => a !== '--dry');
const DRY = process.argv.includes('--dry');
const STARTS = Number(args[0] ?? 1000);
const RATE = Number(args[1] ?? 100);
const PAYLOAD_BYTES = 1_200; // about a sealed BookingWorkflowInput

interface Figures {
  p50: number;
  p99: number;
  clientMs: number;
  serverMs: number;
}

async function startAtRate(
  client: Client,
  serverPid: number,
  starts: number,
  rate: number,
): Promise<Figures> {
  const latencies: number[] = [];
  const client0 = cpuSecondsOf('self');
  const server0 = cpuSecondsOf(serverPid);
  const begun = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < starts; i++) {
    const wait = begun + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = randomBytes(8).toString('hex');
    const sent = performance.now();
    inFlight.push(
      client.workflow
        .start('bookingWorkflow', {
          taskQueue: 'bench-nobody-polls',
          workflowId: `bench-start-${id}`,
          typedSearchAttributes: [
            { key: BOOKING_ID, value: id },
            { key: CUSTOMER_ID, value: id },
            { key: BOOKING_STATUS, value: 'PENDING' },
          ],
          args: [{ sealed: randomBytes(PAYLOAD_BYTES / 2).toString('hex') }],
        })
        .then(() => {
          latencies.push(performance.now() - sent);
        }),
    );
  }
  await Promise.all(inFlight);
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    clientMs: ((cpuSecondsOf('self') - client0) * 1000) / starts,
    serverMs: ((cpuSecondsOf(serverPid) - server0) * 1000) / starts,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-temporal-start-'));
  const temporal = await startPrivateTemporal(dir);
  const connections: { label: string; connection: ConnectionLike & { close(): Promise<void> } }[] = [
    {
      label: 'gRPC (@grpc/grpc-js), as the API',
      connection: await Connection.connect({ address: temporal.address }),
    },
    {
      label: 'native (Rust core)',
      connection: await NativeConnection.connect({ address: temporal.address }),
    },
  ];
  const startLoad = load();
  const rows: string[] = [];
  try {
    for (const { label, connection } of connections) {
      const client = new Client({ connection });
      await startAtRate(client, temporal.pid, Math.min(300, STARTS), RATE / 2); // warm-up
      const f = await startAtRate(client, temporal.pid, STARTS, RATE);
      rows.push(
        `| ${label} | ${ms(f.p50)} | ${ms(f.p99)} | ${num(f.clientMs, 2)} ms | ${num(f.serverMs, 2)} ms |`,
      );
    }
  } finally {
    await Promise.all(connections.map(({ connection }) => connection.close()));
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  publish(
    [
      `## Temporal workflow start cost (bench/temporal-start.ts), ${new Date().toISOString()}`,
      '',
      `Machine: ${machine()}. Load average ${startLoad} at the start, ${load()} at the end. ` +
        `A Temporal dev server of its own (the stack's settings: SQLite in WAL mode without fsync per commit), fresh store; ` +
        `${STARTS} starts at ${RATE}/s (open loop) after a warm-up, a task queue nobody polls, the booking workflow's three search attributes, a ${PAYLOAD_BYTES}-byte payload. ` +
        'CPU per start from /proc: this process (the client) and the dev server.',
      '',
      '| connection | p50 | p99 | client CPU per start | server CPU per start |',
      '|---|---:|---:|---:|---:|',
      ...rows,
    ],
    DRY,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
