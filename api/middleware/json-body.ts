import type { IncomingMessage } from 'node:http';
import { getRawBody, type RawBodyError } from 'raw-body';
import type { Config } from '../../lib/config';
import { AppError, errors } from '../../lib/errors';
import { prescanJson, type JsonProblem } from '../json/prescan';
import type { AppMiddleware } from '../state';

export type BodyLimits = Pick<
  Config['api'],
  'bodyLimitBytes' | 'maxJsonDepth' | 'maxArrayLength' | 'maxStringLength'
>;

const PROBLEM_MESSAGES: Record<JsonProblem, string> = {
  JSON_TOO_DEEP: 'The JSON body is nested too deeply',
  JSON_TOO_MANY_ITEMS: 'A JSON array or object in the body has too many items',
  JSON_STRING_TOO_LONG: 'A string in the JSON body is too long',
  JSON_FORBIDDEN_KEY: 'The JSON body uses a reserved key name',
  JSON_DUPLICATE_KEY: 'A JSON object in the body repeats a key',
  MALFORMED_JSON: 'The body is not valid JSON',
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function tooLarge(limit: number): AppError {
  const tooLargeError = errors.payloadTooLarge(limit);
  return new AppError(413, tooLargeError.code, tooLargeError.message, { limit_bytes: limit });
}

function assertJsonContent(req: IncomingMessage, isJson: boolean): void {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
  const encoding = req.headers['content-encoding'];
  const identity = encoding === undefined || encoding.toLowerCase() === 'identity';
  if (!isJson || !identity || (charset !== undefined && charset.toLowerCase() !== 'utf-8')) {
    throw errors.unsupportedMediaType();
  }
}

async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  try {
    return await getRawBody(req, { limit, length: req.headers['content-length'] ?? null });
  } catch (err) {
    // Read and drop the rest (bounded by the server's request timeout) so the client reads our answer
    // instead of a connection reset.
    req.resume();
    const type = (err as RawBodyError).type;
    if (type === 'entity.too.large') throw tooLarge(limit);
    if (type === 'request.size.invalid')
      throw new AppError(400, 'BODY_LENGTH_MISMATCH', 'Body length does not match Content-Length');
    if (type === 'request.aborted')
      throw new AppError(400, 'REQUEST_ABORTED', 'The request body was not completed');
    throw err;
  }
}

function parse(raw: Buffer, limits: BodyLimits): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    throw new AppError(400, 'MALFORMED_JSON', 'The body is not valid UTF-8');
  }
  const problem = prescanJson(text, limits);
  if (problem) throw new AppError(400, problem, PROBLEM_MESSAGES[problem]);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(400, 'MALFORMED_JSON', PROBLEM_MESSAGES.MALFORMED_JSON);
  }
}

/**
 * SEC-VAL-03: reads a JSON body with every limit enforced before parsing completes. Content-Length
 * over the limit is refused before a byte is read; a chunked body is cut off at the limit; the text
 * is pre-scanned for depth, sizes and prototype keys before JSON.parse sees it.
 * Only `application/json` in UTF-8, uncompressed, is accepted (415 otherwise).
 */
export function jsonBody(limits: BodyLimits): AppMiddleware {
  return async function jsonBody(ctx, next) {
    if (!hasBody(ctx.req)) throw new AppError(400, 'BODY_REQUIRED', 'A JSON request body is required');
    assertJsonContent(ctx.req, ctx.request.is('application/json') === 'application/json');
    ctx.request.body = parse(await readLimited(ctx.req, limits.bodyLimitBytes), limits);
    await next();
  };
}

/**
 * For routes that declare `rawBody`: the bytes as sent, within the body limit, uncompressed and of
 * the declared media type, for checks over the exact bytes (webhook signatures). Nothing parses them.
 */
export function rawBody(limits: Pick<BodyLimits, 'bodyLimitBytes'>, mediaType: string): AppMiddleware {
  return async function rawBody(ctx, next) {
    if (!hasBody(ctx.req)) throw new AppError(400, 'BODY_REQUIRED', 'A request body is required');
    const encoding = ctx.req.headers['content-encoding'];
    if ((encoding !== undefined && encoding.toLowerCase() !== 'identity') || !ctx.request.is(mediaType)) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Request body must be ${mediaType}`);
    }
    ctx.state.rawBody = await readLimited(ctx.req, limits.bodyLimitBytes);
    await next();
  };
}

/** For routes that declare no body: a request that sends one is refused rather than half-read. */
export function noBody(): AppMiddleware {
  return function noBody(ctx, next) {
    if (hasBody(ctx.req)) throw new AppError(400, 'BODY_NOT_ALLOWED', 'This route takes no request body');
    return next();
  };
}
