/**
 * The one error type the API turns into a response body (SEC-ERR-01). `code` is stable and
 * machine-readable; `message` is safe to show; `details` carries field-level reasons only.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const errors = {
  validation: (message: string, details?: Record<string, unknown>) =>
    new AppError(400, 'VALIDATION_FAILED', message, details),
  unknownFields: (fields: string[]) =>
    new AppError(400, 'UNKNOWN_FIELDS', `Unknown fields: ${fields.join(', ')}`, { fields }),
  panNotAccepted: () =>
    new AppError(
      400,
      'PAN_NOT_ACCEPTED',
      'Card numbers are not accepted; send a Stripe PaymentMethod id (pm_...) instead',
    ),
  authenticationRequired: () => new AppError(401, 'AUTHENTICATION_REQUIRED', 'Authentication required'),
  invalidCredentials: () => new AppError(401, 'INVALID_CREDENTIALS', 'Invalid credentials'),
  accessDenied: () => new AppError(403, 'ACCESS_DENIED', 'Access denied'),
  notFound: (what = 'Resource') => new AppError(404, 'NOT_FOUND', `${what} not found`),
  conflict: (code: string, message: string) => new AppError(409, code, message),
  payloadTooLarge: (limit: number) =>
    new AppError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`),
  unsupportedMediaType: () =>
    new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json'),
  unprocessable: (code: string, message: string) => new AppError(422, code, message),
  tooManyRequests: (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
    new AppError(429, 'RATE_LIMITED', 'Too many requests', undefined, {
      'Retry-After': String(retryAfterSeconds),
      ...headers,
    }),
  unavailable: (message = 'Service temporarily unavailable') =>
    new AppError(503, 'SERVICE_UNAVAILABLE', message),
  internal: () => new AppError(500, 'INTERNAL_ERROR', 'An unexpected error occurred'),
};
