import { idempotencyErrors } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The Idempotency-Key header as a lower-case UUID, or a 400. A repeated header never parses. */
export function parseIdempotencyKey(header: string | undefined): string {
  if (header === undefined || header === '') throw idempotencyErrors.keyRequired();
  if (!UUID.test(header)) throw idempotencyErrors.keyInvalid();
  return header.toLowerCase();
}
