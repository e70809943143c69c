import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Catalogue } from './catalogue';
import { handleControl } from './control-api';
import { Faults, rewriteText, type FaultRule } from './faults';
import { HoldBook, type HoldBookOptions } from './holds';
import { IdempotencyTokens, type SimAnswer } from './idempotency';
import type { SupplierId } from './items';
import { handlePartner, routeOf } from './partner-api';
import { RequestCounts } from './request-counts';
import { generateCatalogue, type SeedOptions } from './seed/generate';
import { snapshotInventory } from './snapshot';
import { SignatureVerifier } from './signature';
import type { RotatingSecret } from '../../lib/crypto/rotating-secret';

export interface SupplierSimOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Per supplier: the shared secret, or `{ current, previous }` while it rotates (SEC-CFG-02). */
  secrets: Record<SupplierId, string | RotatingSecret<string>>;
  seed: SeedOptions;
  holds: HoldBookOptions;
}

export interface SupplierSim {
  url: string;
  catalogue: Catalogue;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return resolve(undefined);
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: SimAnswer | { status: number; raw: string }) {
  if (res.writableEnded || res.destroyed) return;
  const text = 'raw' in answer ? answer.raw : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(text);
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The supplier simulator: two suppliers (hotel, flight) on one HTTP port, plus `/_control`. */
export async function startSupplierSim(options: SupplierSimOptions): Promise<SupplierSim> {
  const catalogue = generateCatalogue(options.seed);
  const restoreInventory = snapshotInventory(catalogue);
  const holds = new HoldBook(catalogue, options.holds);
  const tokens = new IdempotencyTokens();
  const faults = new Faults();
  const counts = new RequestCounts();
  const verifier = new SignatureVerifier();
  const sockets = new Set<Socket>();

  async function partner(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) {
    const [, supplier, version, ...rest] = url.pathname.split('/');
    if ((supplier !== 'hotel' && supplier !== 'flight') || version !== 'v1') {
      return send(res, { status: 404, body: { error_code: 'NOT_FOUND' } });
    }
    const path = `/${rest.join('/')}`;
    const method = req.method ?? 'GET';
    const route = routeOf(method, path);
    const scopeHeader = req.headers['x-sim-scope'];
    const scope = typeof scopeHeader === 'string' ? scopeHeader.slice(0, 100) : '';
    counts.add(scope, supplier, route ?? 'unknown');
    const check = verifier.verify(options.secrets[supplier], {
      method,
      path: url.pathname + url.search,
      body,
      headers: req.headers,
    });
    if (!check.ok) {
      return send(res, { status: 401, body: { error_code: 'SIGNATURE_INVALID', message: check.reason } });
    }
    const rules = route ? faults.take(scope, supplier, route) : [];
    const has = (kind: FaultRule['kind']) => rules.find((r) => r.kind === kind);
    const latency = rules.filter((r) => r.kind === 'latency').reduce((sum, r) => sum + (r.ms ?? 0), 0);
    if (latency > 0) await sleep(latency);
    if (has('hang')) return; // the socket stays open until the client gives up or the sim closes
    const error = has('error');
    if (error) return send(res, { status: error.status ?? 503, body: { error_code: 'SUPPLIER_ERROR' } });
    if (has('malformed')) return send(res, { status: 200, raw: '{"hold_id": "HH-12' });
    if (has('wrong_shape')) return send(res, { status: 200, body: { status: 'perhaps', items: 'none' } });
    if (has('oversized'))
      return send(res, { status: 200, raw: JSON.stringify({ pad: 'x'.repeat(3_000_000) }) });
    const parsed = parseJson(body);
    if (!parsed) return send(res, { status: 400, body: { error_code: 'INVALID_JSON' } });
    const commitDelayMs = has('slow_commit')?.ms ?? 0;
    const answer = await handlePartner(
      { supplier, method, path, query: url.searchParams, body: parsed, commitDelayMs },
      { catalogue, holds, tokens },
    );
    if (has('lost_answer')) return send(res, { status: 504, body: { error_code: 'GATEWAY_TIMEOUT' } });
    const rewrite = has('markup') ? 'markup' : has('long_string') ? 'long_string' : undefined;
    send(res, rewrite ? { status: answer.status, body: rewriteText(answer.body, rewrite) } : answer);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const body = await readBody(req);
      if (!body) return send(res, { status: 413, body: { error_code: 'PAYLOAD_TOO_LARGE' } });
      if (url.pathname === '/healthz') return send(res, { status: 200, body: { status: 'ok' } });
      if (url.pathname.startsWith('/_control/')) {
        const parsed = parseJson(body);
        if (!parsed) return send(res, { status: 400, body: { error_code: 'INVALID_JSON' } });
        const deps = { catalogue, holds, tokens, faults, counts, restoreInventory };
        const path = url.pathname.slice('/_control'.length);
        return send(res, handleControl(req.method ?? 'GET', path, url.searchParams, parsed, deps));
      }
      await partner(req, res, url, body);
    })().catch(() => send(res, { status: 500, body: { error_code: 'SIM_ERROR' } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const sweeper = setInterval(() => holds.expireDue(), 250);
  sweeper.unref();

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    catalogue,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
