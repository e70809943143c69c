import type { DependenciesConfig } from '../config/dependencies';
import { createWorkBreaker, type BreakerState } from './circuit-breaker';
import { DependencyUnavailableError, type DependencyName } from './dependency-unavailable';

export type { BreakerState };

export interface DependencyBreaker {
  readonly name: DependencyName;
  /**
   * Runs `work` unless the breaker is open. A failure of the dependency itself (`isFailure`) counts
   * towards opening it and is thrown as DependencyUnavailableError (503); any other error (a
   * constraint, a not-found) is the dependency answering, counts as a success and is thrown as is.
   */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Throws the open breaker's 503 while it is open (not while half-open): a gate for work run outside `run`. */
  refuseIfOpen(): void;
  state(): BreakerState;
  shutdown(): void;
}

export interface BreakerEvents {
  /** Called on every change of state, e.g. to log that a dependency went away or came back. */
  onStateChange?: (name: DependencyName, state: BreakerState) => void;
}

/**
 * One circuit breaker per dependency (issue 20.2, ./circuit-breaker.ts), as the suppliers have
 * theirs (SEC-SUP-02): open, it refuses with a 503 whose Retry-After is its reset time.
 */
export function createDependencyBreaker(
  name: DependencyName,
  options: DependenciesConfig['breaker'],
  isFailure: (error: unknown) => boolean,
  events: BreakerEvents = {},
): DependencyBreaker {
  const retryAfterSeconds = Math.ceil(options.resetTimeoutMs / 1000);
  const refused = () => new DependencyUnavailableError(name, retryAfterSeconds, false);
  const breaker = createWorkBreaker(`dependency-${name}`, options, {
    isAnswer: (error: unknown) => !isFailure(error),
    refused,
  });
  breaker.onStateChange((state) => events.onStateChange?.(name, state));
  return {
    name,
    async run<T>(work: () => Promise<T>): Promise<T> {
      try {
        return await breaker.run(work);
      } catch (error) {
        if (error instanceof DependencyUnavailableError || !isFailure(error)) throw error;
        throw new DependencyUnavailableError(name, retryAfterSeconds, true, { cause: error });
      }
    },
    refuseIfOpen() {
      if (breaker.isOpen()) throw refused();
    },
    state: breaker.state,
    shutdown: breaker.shutdown,
  };
}
