import type { IncomingHttpHeaders } from 'node:http';
import type { StoredAnswer } from './idempotency-store';

/** Hop-by-hop headers and those the proxy recomputes. */
const DROPPED = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'accept-encoding',
  'upgrade',
  'proxy-connection',
]);

export interface ForwardedRequest {
  method: string;
  /** Path and query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function requestHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED.has(name)) continue;
    out.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

/**
 * Sends one request to the upstream and reads its whole answer. Bounded by `timeoutMs` only,
 * never by the client's connection: a client killed mid-request must find the answer stored
 * when its retry arrives.
 */
export async function forward(
  upstream: string,
  req: ForwardedRequest,
  timeoutMs: number,
): Promise<StoredAnswer> {
  const res = await fetch(new URL(req.path, upstream), {
    method: req.method,
    headers: requestHeaders(req.headers),
    body: req.method === 'GET' || req.method === 'HEAD' || req.body.length === 0 ? undefined : req.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!DROPPED.has(name)) headers[name] = value;
  });
  return { status: res.status, headers, body };
}
