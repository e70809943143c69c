import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStripeProxy } from '../../../tools/stripe-proxy/server';
import { localstripeUrl } from '../../payments/helpers/stripe-stack';

/**
 * A private recording proxy (tools/stripe-proxy, in front of the stack's localstripe) with a
 * gate: while a `hold` rule is set, the first request it matches is kept waiting, never reaching
 * the proxy (so never recorded), until `dropHeld()` closes its connection. Requests logged by
 * this proxy are this test's only: query them with `proxyRequests(filter, url)`.
 */
export interface HeldStripeProxy {
  url: string;
  /** Holds the next request `matches` accepts; resolves with its path once one is held. */
  hold(matches: (method: string, path: string) => boolean): Promise<string>;
  /** Closes the held request's connection (as a dead client's would be) and stops holding. */
  dropHeld(): void;
  close(): Promise<void>;
}

export async function heldStripeProxy(): Promise<HeldStripeProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'held-stripe-proxy-'));
  const recording = createStripeProxy({ upstream: localstripeUrl(), logFile: join(dir, 'requests.jsonl') });
  let rule: ((method: string, path: string) => boolean) | undefined;
  let onHeld: ((path: string) => void) | undefined;
  let held: ServerResponse | undefined;

  const gate: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (rule && !held && rule(method, path)) {
      held = res;
      onHeld?.(path);
      return;
    }
    recording.emit('request', req, res);
  });
  await new Promise<void>((done) => gate.listen(0, '127.0.0.1', done));

  return {
    url: `http://127.0.0.1:${(gate.address() as AddressInfo).port}`,
    hold(matches) {
      rule = matches;
      return new Promise<string>((resolve) => (onHeld = resolve));
    },
    dropHeld() {
      rule = undefined;
      held?.socket?.destroy();
      held = undefined;
    },
    async close() {
      gate.closeAllConnections();
      await new Promise<void>((done) => gate.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
