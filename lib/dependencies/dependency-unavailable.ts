import { AppError } from '../errors';

export const DEPENDENCY_NAMES = ['postgres', 'redis', 'opensearch', 'temporal'] as const;
export type DependencyName = (typeof DEPENDENCY_NAMES)[number];

/**
 * A dependency failed (down, hung past its deadline) or its breaker is open: 503 with Retry-After
 * in the one error body (SEC-ERR-01), whose message names nothing of the platform's insides.
 * `sent` is false when the breaker refused the call before it reached the dependency.
 */
export class DependencyUnavailableError extends AppError {
  override name = 'DependencyUnavailableError';
  constructor(
    readonly dependency: DependencyName,
    retryAfterSeconds: number,
    readonly sent: boolean,
    options?: { cause?: unknown },
  ) {
    super(503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable', undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
