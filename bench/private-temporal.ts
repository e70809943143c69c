import { execFile, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Temporal dev server of the bench's own, on a fresh store. */
export interface PrivateTemporal {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(address: string): Promise<boolean> {
  try {
    const { stdout } = await run('temporal', ['operator', 'cluster', 'health', '--address', address]);
    return stdout.includes('SERVING');
  } catch {
    return false;
  }
}

/**
 * Starts `temporal server start-dev` with the stack's settings (scripts/stack.sh: the SQLite
 * store in WAL mode without fsync per commit, the three booking search attributes) on a store in
 * `dir`. The shared dev server's store holds every workflow the tests ever ran (hundreds of MB),
 * which made its workflow starts several times dearer than on a fresh one; the bench measures the
 * platform, not that history.
 */
export async function startPrivateTemporal(dir: string): Promise<PrivateTemporal> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const log = openSync(join(dir, 'temporal.log'), 'a');
  const child = spawn(
    'temporal',
    [
      ...['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless'],
      ...['--db-filename', join(dir, 'temporal.db'), '--log-level', 'warn'],
      ...['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=off'],
      ...['--search-attribute', 'BookingId=Keyword', '--search-attribute', 'CustomerId=Keyword'],
      ...['--search-attribute', 'BookingStatus=Keyword'],
    ],
    { stdio: ['ignore', log, log] },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  const deadline = Date.now() + 90_000;
  while (!(await healthy(address))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`private Temporal dev server did not start (log in ${dir}/temporal.log)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { address, pid: child.pid!, stop };
}
