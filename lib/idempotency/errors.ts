import { AppError } from '../errors';

/** The answers of SEC-IDEM-01 (draft-ietf-httpapi-idempotency-key-header). */
export const idempotencyErrors = {
  keyRequired: () => new AppError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key header is required'),
  keyInvalid: () => new AppError(400, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be a UUID'),
  inFlight: () =>
    new AppError(
      409,
      'IDEMPOTENCY_KEY_IN_FLIGHT',
      'A request with this Idempotency-Key is still being processed',
    ),
  mismatch: () =>
    new AppError(
      422,
      'IDEMPOTENCY_KEY_MISMATCH',
      'This Idempotency-Key was already used with a different request',
    ),
};
