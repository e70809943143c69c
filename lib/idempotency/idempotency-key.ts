import { idempotencyErrors } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * An Idempotency-Key in its canonical form, as `parseIdempotencyKey` returns it: a lower-case
 * UUID. The header is parsed once, by the idempotency middleware (api/middleware/idempotency.ts,
 * which puts it on `ctx.state.idempotencyKey`); code past it takes this form as it is and never
 * normalises it again.
 */
export type CanonicalIdempotencyKey = string;

/** The Idempotency-Key header as a lower-case UUID, or a 400. A repeated header never parses. */
export function parseIdempotencyKey(header: string | undefined): CanonicalIdempotencyKey {
  if (header === undefined || header === '') throw idempotencyErrors.keyRequired();
  if (!UUID.test(header)) throw idempotencyErrors.keyInvalid();
  return header.toLowerCase();
}
