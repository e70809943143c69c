import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestFilter, RequestLog } from './request-log';

const MAX_RESULTS = 10_000;
const FILTERS: Record<string, keyof RequestFilter> = {
  idempotency_key: 'idempotencyKey',
  key_prefix: 'keyPrefix',
  path: 'path',
  object_id: 'objectId',
  after_seq: 'afterSeq',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function filterFrom(params: URLSearchParams): RequestFilter | string {
  const filter: RequestFilter = {};
  for (const [name, value] of params) {
    const field = FILTERS[name];
    if (!field) return `unknown parameter ${name}`;
    if (field === 'afterSeq') {
      if (!/^\d{1,15}$/.test(value)) return 'after_seq must be a sequence number';
      filter.afterSeq = Number(value);
    } else {
      filter[field] = value;
    }
  }
  return filter;
}

/**
 * The proxy's own endpoints: `GET /_proxy/healthz`, and `GET /_proxy/requests` with any of
 * idempotency_key, key_prefix, path, object_id, after_seq, answering `{ requests: [...] }` in
 * arrival order (at most 10,000).
 */
export function answerControl(req: IncomingMessage, res: ServerResponse, log: RequestLog): void {
  const url = new URL(req.url ?? '/', 'http://proxy.local');
  if (req.method !== 'GET')
    return json(res, 405, { error: { type: 'invalid_request_error', message: 'GET only' } });
  if (url.pathname === '/_proxy/healthz') return json(res, 200, { status: 'ok' });
  if (url.pathname !== '/_proxy/requests') {
    return json(res, 404, { error: { type: 'invalid_request_error', message: 'unknown proxy endpoint' } });
  }
  const filter = filterFrom(url.searchParams);
  if (typeof filter === 'string')
    return json(res, 400, { error: { type: 'invalid_request_error', message: filter } });
  json(res, 200, { requests: log.find(filter, MAX_RESULTS) });
}
