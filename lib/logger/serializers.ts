import type bunyan from 'bunyan';

interface RequestLike {
  method?: string;
  url?: string;
  originalUrl?: string;
  headers?: unknown;
  header?: unknown;
  socket?: { remoteAddress?: string; remotePort?: number };
}

interface ResponseLike {
  statusCode?: number;
  status?: number;
  headers?: unknown;
  getHeaders?: () => unknown;
}

/** Node and Koa requests reduced to what a log needs; headers are masked by name afterwards. */
function request(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const req = value as RequestLike;
  return {
    method: req.method,
    url: req.originalUrl ?? req.url,
    headers: req.headers ?? req.header,
    remoteAddress: req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  };
}

/** bunyan's own res serializer logs the raw header block; this one logs a header object. */
function response(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const res = value as ResponseLike;
  return {
    statusCode: res.statusCode ?? res.status,
    headers: typeof res.getHeaders === 'function' ? res.getHeaders() : res.headers,
  };
}

/**
 * Errors are passed through untouched so the masking walker formats them (message masked, stack
 * only outside production); bunyan's default err serializer would always keep the stack.
 */
function error(value: unknown): unknown {
  return value;
}

export const serializers: bunyan.Serializers = { err: error, req: request, res: response };
