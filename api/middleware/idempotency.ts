import type { Context, Middleware, Next } from 'koa';
import { errors } from '../../lib/errors';
import {
  idempotencyErrors,
  parseIdempotencyKey,
  requestFingerprint,
  type CanonicalIdempotencyKey,
  type IdempotencyLogger,
  type IdempotencyScope,
  type IdempotencyStore,
  type StoredResponse,
} from '../../lib/idempotency';
import { isActor } from '../../lib/rbac';

/** Response headers that belong to the answer and are replayed with it. */
const REPLAYED_HEADERS = ['location', 'content-location'];

function isJsonBody(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return false;
  if (typeof body === 'object') return typeof (body as { pipe?: unknown }).pipe !== 'function';
  return ['string', 'number', 'boolean'].includes(typeof body);
}

/** The answer to keep, or undefined when it must not be kept: 5xx and 429 are retryable. */
function storableResponse(ctx: Context): StoredResponse | undefined {
  if (ctx.status >= 500 || ctx.status === 429 || !isJsonBody(ctx.body)) return undefined;
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = ctx.response.get(name);
    if (value) headers[name] = value;
  }
  return { status: ctx.status, body: ctx.body ?? null, headers };
}

function replay(ctx: Context, response: StoredResponse) {
  ctx.status = response.status;
  if (response.body !== null && response.body !== undefined) ctx.body = response.body;
  ctx.set(response.headers);
  ctx.set('Idempotent-Replayed', 'true');
}

/**
 * The canonical Idempotency-Key the middleware below put on `ctx.state`: what a handler behind it
 * reads instead of the header. Reading it on a route without the middleware is a bug (500).
 */
export function idempotencyKeyOf(ctx: {
  state: { idempotencyKey?: CanonicalIdempotencyKey };
}): CanonicalIdempotencyKey {
  const key = ctx.state.idempotencyKey;
  if (key === undefined)
    throw new Error('no Idempotency-Key on ctx.state: the idempotency middleware is not mounted');
  return key;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * SEC-IDEM-01: for routes that declare idempotency. Mount after authentication and body
 * parsing. Needs a signed-in actor (401) and an `Idempotency-Key` UUID (400); the first answer
 * to (user, key) is replayed for 24 h with `Idempotent-Replayed: true`; the same key with another
 * request → 422 IDEMPOTENCY_KEY_MISMATCH; while the first is running → 409
 * IDEMPOTENCY_KEY_IN_FLIGHT. Errors and 5xx answers release the key so the client can retry.
 */
export function idempotency(store: IdempotencyStore, logger?: IdempotencyLogger): Middleware {
  const release = async (scope: IdempotencyScope, lockToken: string) => {
    try {
      await store.release(scope, lockToken);
    } catch (err) {
      // The lock then expires on its own (lockTtlMs).
      logger?.warn(
        { action: 'idempotency.release', result: 'failure', reason: reasonOf(err) },
        'idempotency: release failed',
      );
    }
  };

  return async (ctx: Context, next: Next) => {
    const actor: unknown = ctx.state.actor;
    if (!isActor(actor)) throw errors.authenticationRequired();
    const key = parseIdempotencyKey(ctx.get('Idempotency-Key') || undefined);
    ctx.state.idempotencyKey = key;
    let fingerprint: string;
    try {
      fingerprint = requestFingerprint(ctx.method, ctx.path, (ctx.request as { body?: unknown }).body);
    } catch {
      throw errors.validation('Request body is not plain JSON');
    }
    const scope: IdempotencyScope = { userId: actor.id, key, fingerprint };

    let begun: Awaited<ReturnType<IdempotencyStore['begin']>>;
    try {
      begun = await store.begin(scope);
    } catch (err) {
      logger?.warn(
        { action: 'idempotency.begin', result: 'failure', reason: reasonOf(err) },
        'idempotency: store failed',
      );
      throw errors.unavailable();
    }
    if (begun.kind === 'replay') return replay(ctx, begun.response);
    if (begun.kind === 'mismatch') throw idempotencyErrors.mismatch();
    if (begun.kind === 'in_flight') throw idempotencyErrors.inFlight();

    try {
      await next();
    } catch (err) {
      await release(scope, begun.lockToken);
      throw err;
    }
    const response = storableResponse(ctx);
    if (!response) return release(scope, begun.lockToken);
    try {
      await store.complete(scope, begun.lockToken, response);
    } catch (err) {
      // The action has happened: answer it anyway. The key stays locked until lockTtlMs.
      logger?.warn(
        { action: 'idempotency.complete', result: 'failure', reason: reasonOf(err) },
        'idempotency: store failed',
      );
    }
  };
}
