import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { cpuSecondsOf } from './process-cpu';

export interface PrivateLocalstripe {
  url: string;
  pid: number;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The stack's Python environment (scripts/env.sh: $TRAVELHUB_CACHE, else the parent of $GOBIN). */
function python(): string {
  const cache = process.env.TRAVELHUB_CACHE ?? (process.env.GOBIN ? dirname(process.env.GOBIN) : undefined);
  if (!cache) throw new Error('TRAVELHUB_CACHE or GOBIN is not set: run through scripts/with-env.sh');
  return join(cache, 'venv', 'bin', 'python');
}

/**
 * A localstripe of the bench's own (tools/stripe-proxy/run-localstripe.py, state in memory), so
 * the bench's tens of thousands of charges never reach the stack's localstripe, whose listings
 * every other test and engineer reads.
 */
export async function startPrivateLocalstripe(logDir: string): Promise<PrivateLocalstripe> {
  const port = await freePort();
  const log = openSync(join(logDir, 'localstripe.log'), 'a');
  const child = spawn(
    python(),
    [join(__dirname, '..', 'tools', 'stripe-proxy', 'run-localstripe.py'), String(port)],
    {
      stdio: ['ignore', log, log],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) throw new Error(`localstripe exited (${child.exitCode}): see ${logDir}`);
    const ok = await fetch(`${url}/v1/payment_intents?limit=1`, {
      headers: { Authorization: 'Bearer sk_test_bench' },
    }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error('localstripe not ready within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
