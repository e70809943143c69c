import { ValidationError, type AnyObjectSchema } from 'yup';
import { errors } from '../../lib/errors';
import { LruTtlCache } from '../../lib/crypto/lru-ttl-cache';
import type { RouteDeclaration } from '../routing/route';
import { unknownKeys } from '../routing/unknown-keys';
import type { AppMiddleware } from '../state';

type Query = Record<string, string | string[] | undefined>;

/** Enough to find and fix a request; a hostile body cannot make the answer as large as itself. */
const MAX_LISTED_UNKNOWN = 50;

/** A list parameter given once arrives as a string; the schema sees a one-item list. */
function queryForSchema(schema: AnyObjectSchema, query: Query): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    const isList = (schema.fields[name] as { type?: unknown } | undefined)?.type === 'array';
    shaped[name] = isList && typeof value === 'string' ? [value] : value;
  }
  return shaped;
}

/**
 * Field paths and rule names only: yup's messages quote the offending value, which may be a secret.
 */
async function validate(schema: AnyObjectSchema, value: unknown): Promise<Record<string, unknown>> {
  try {
    return (await schema.validate(value, { strict: true, abortEarly: false })) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const failures = (err.inner.length > 0 ? err.inner : [err]).map((e) => ({
      field: e.path ?? '',
      rule: e.type ?? '',
    }));
    throw errors.validation('The request is not valid', { fields: failures });
  }
}

// Search answers for repeated queries come from the cache, and validating their query (yup) was
// about a tenth of such an answer's CPU, the same work each time. Query schemas check strings
// strictly (no casting, no clock, no I/O: see RouteDeclaration.query), so a query string that passed
// once passes again: its validated value is remembered per route, frozen. Only successes, only short
// query strings, a bounded number per route.
const MEMO_QUERY_LENGTH = 512;
const MEMO_ENTRIES = 512;
const MEMO_TTL_MS = 10 * 60_000;

function rememberedQuery(route: RouteDeclaration) {
  const schema = route.query;
  if (!schema) return async () => ({});
  const memo = new LruTtlCache<Record<string, unknown>>({ maxEntries: MEMO_ENTRIES, ttlMs: MEMO_TTL_MS });
  return async (querystring: string, rawQuery: Query): Promise<Record<string, unknown>> => {
    const remembered = memo.get(querystring);
    if (remembered) return remembered;
    const query = await validate(schema, queryForSchema(schema, rawQuery));
    for (const value of Object.values(query)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(query);
    if (querystring.length <= MEMO_QUERY_LENGTH) memo.set(querystring, query);
    return query;
  };
}

/**
 * SEC-VAL-01 at the route boundary: unknown query parameters and body keys, at any depth, are
 * refused with their paths (`booking.role`, `passengers[1].cvv`); path parameters, query and body
 * are validated strictly (no coercion) and put on `ctx.state.input`.
 */
export function validateInput(route: RouteDeclaration): AppMiddleware {
  const bodySchema = route.body?.required();
  const validQuery = rememberedQuery(route);
  return async function validateInput(ctx, next) {
    const rawQuery = ctx.query as Query;
    const body = ctx.request.body;
    const unknown = [...unknownKeys(route.query, rawQuery), ...unknownKeys(route.body, body)];
    if (unknown.length > 0) throw errors.unknownFields(unknown.slice(0, MAX_LISTED_UNKNOWN));
    const params = route.params
      ? await validate(route.params, { ...(ctx as { params?: object }).params })
      : {};
    const query = await validQuery(ctx.querystring, rawQuery);
    ctx.state.input = { params, query, body: bodySchema ? await validate(bodySchema, body) : undefined };
    await next();
  };
}
