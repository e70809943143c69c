import CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** A breaker's numbers: config.dependencies.breaker, config.supplier.breaker. */
export interface BreakerSettings {
  /** Calls in the rolling window before the error rate can open the breaker. */
  volumeThreshold: number;
  errorThresholdPercentage: number;
  rollingWindowMs: number;
  /** How long the breaker stays open before one trial call (half-open). */
  resetTimeoutMs: number;
}

export interface CircuitBreakerOptions {
  /** An error that is the other side answering (not it failing): thrown as is, never counts. */
  isAnswer: (error: unknown) => boolean;
  /** What a call gets instead of running while the breaker is open. */
  refused: () => Error;
}

export interface WorkBreaker {
  /** Runs `work` unless the breaker is open (then throws `refused()`); its failures count. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Open, refusing every call (not half-open). */
  isOpen(): boolean;
  state(): BreakerState;
  /** Called on every change of state. */
  onStateChange(listener: (state: BreakerState) => void): void;
  shutdown(): void;
}

/**
 * One opossum circuit breaker over any work (the dependencies' of issue 20.2, the suppliers' of
 * SEC-SUP-02): after `volumeThreshold` calls in the rolling window with more than
 * `errorThresholdPercentage` failed, it opens and refuses calls at once; after `resetTimeoutMs` it
 * lets one trial call through (half-open) and closes when that succeeds, so recovery needs no
 * operator. Deadlines are the clients' own (they cancel the call), not opossum's (which would only
 * stop waiting for it).
 */
export function createWorkBreaker(
  name: string,
  settings: BreakerSettings,
  options: CircuitBreakerOptions,
): WorkBreaker {
  const breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
    name,
    timeout: false,
    errorThresholdPercentage: settings.errorThresholdPercentage,
    volumeThreshold: settings.volumeThreshold,
    rollingCountTimeout: settings.rollingWindowMs,
    rollingCountBuckets: 10,
    resetTimeout: settings.resetTimeoutMs,
    errorFilter: options.isAnswer,
  });
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(work)) as T;
      } catch (error) {
        if ((error as { code?: string }).code === 'EOPENBREAKER') throw options.refused();
        throw error;
      }
    },
    isOpen: () => breaker.opened,
    state: () => (breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed'),
    onStateChange(listener) {
      breaker.on('open', () => listener('open'));
      breaker.on('halfOpen', () => listener('halfOpen'));
      breaker.on('close', () => listener('closed'));
    },
    shutdown: () => breaker.shutdown(),
  };
}
