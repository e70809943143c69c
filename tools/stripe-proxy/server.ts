import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { forward } from './forward';
import { IdempotencyStore, type StoredAnswer } from './idempotency-store';
import { answerControl } from './control';
import { RequestLog, type Outcome } from './request-log';
import { proxyErrors } from './stripe-errors';

export interface StripeProxyOptions {
  /** localstripe's base URL. */
  upstream: string;
  /** The JSONL request log. */
  logFile: string;
  upstreamTimeoutMs?: number;
  maxBodyBytes?: number;
}

const MAX_KEY_LENGTH = 255;
/** Answers that never started executing: Stripe stores none of them, so the key stays usable. */
const NOT_EXECUTED = new Set([401, 429]);

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, answer: StoredAnswer, extra: Record<string, string> = {}): void {
  res.writeHead(answer.status, { ...answer.headers, ...extra, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

function describeObject(answer: StoredAnswer): { objectId: string | null; objectType: string | null } {
  try {
    const parsed = JSON.parse(answer.body.toString('utf8')) as { id?: unknown; object?: unknown };
    return {
      objectId: typeof parsed.id === 'string' ? parsed.id : null,
      objectType: typeof parsed.object === 'string' ? parsed.object : null,
    };
  } catch {
    return { objectId: null, objectType: null };
  }
}

/**
 * The recording proxy in front of localstripe (tools/stripe-proxy/README.md): Stripe's
 * idempotency-key semantics for POSTs, scoped per API key as Stripe scopes them per account,
 * and one log line per request. `/_proxy/*` is its own control surface.
 */
export function createStripeProxy(options: StripeProxyOptions): Server {
  const log = new RequestLog(options.logFile);
  const stores = new Map<string, IdempotencyStore>();
  const timeoutMs = options.upstreamTimeoutMs ?? 30_000;
  const maxBody = options.maxBodyBytes ?? 1_048_576;
  // Keyed per process: a PaymentMethod body holds a (test) card number, and a plain hash of a
  // card number is guessable. Hashes still compare within one run, which is what tests need.
  const bodyKey = randomBytes(32);
  const bodyHash = (body: Buffer) => createHmac('sha256', bodyKey).update(body).digest('hex');

  const storeFor = (authorization: string | undefined) => {
    const scope = sha256(authorization ?? '');
    let store = stores.get(scope);
    if (!store) stores.set(scope, (store = new IdempotencyStore()));
    return store;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (path.startsWith('/_proxy/')) return answerControl(req, res, log);

    const body = await readBody(req, maxBody);
    const header = req.headers['idempotency-key'];
    const key = typeof header === 'string' && method === 'POST' ? header : null;
    const entry = (outcome: Outcome, answer: StoredAnswer) => {
      log.record({
        method,
        path,
        idempotencyKey: key,
        bodyHash: body && body.length > 0 ? bodyHash(body) : null,
        status: answer.status,
        outcome,
        ...describeObject(answer),
      });
      send(res, answer, outcome === 'replayed' ? { 'idempotent-replayed': 'true' } : {});
    };
    if (!body) return entry('refused', proxyErrors.bodyTooLarge());
    if (key !== null && key.length > MAX_KEY_LENGTH) return entry('refused', proxyErrors.keyTooLong());

    const store = key === null ? undefined : storeFor(req.headers.authorization);
    if (store && key !== null) {
      const admission = store.admit(key, bodyHash(Buffer.concat([Buffer.from(`${method} ${path}\n`), body])));
      if (admission.kind === 'replay') return entry('replayed', admission.answer);
      if (admission.kind === 'mismatch') return entry('idempotency_mismatch', proxyErrors.mismatch(key));
      if (admission.kind === 'in_flight') return entry('idempotency_in_flight', proxyErrors.inFlight());
    }
    let answer: StoredAnswer;
    try {
      answer = await forward(options.upstream, { method, path, headers: req.headers, body }, timeoutMs);
    } catch {
      if (key !== null) store?.release(key);
      return entry('upstream_failed', proxyErrors.upstreamFailed());
    }
    if (store && key !== null) {
      if (NOT_EXECUTED.has(answer.status)) store.release(key);
      else store.complete(key, answer);
    }
    return entry('forwarded', answer);
  }

  return createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, proxyErrors.upstreamFailed());
      else res.destroy();
    });
  });
}
