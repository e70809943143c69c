import type { DependenciesConfig } from '../config/dependencies';
import { createDependencyBreaker, type BreakerEvents, type DependencyBreaker } from './dependency-breaker';
import type { DependencyName } from './dependency-unavailable';
import { isOpenSearchFailure, isPostgresFailure, isRedisFailure, isTemporalFailure } from './failures';

export type DependencyBreakers = Readonly<Record<DependencyName, DependencyBreaker>> & {
  shutdown(): void;
};

/** One breaker per dependency of a process (the API's), each with its own idea of a failure. */
export function createDependencyBreakers(
  config: Pick<DependenciesConfig, 'breaker'>,
  events: BreakerEvents = {},
): DependencyBreakers {
  const breaker = (name: DependencyName, isFailure: (error: unknown) => boolean) =>
    createDependencyBreaker(name, config.breaker, isFailure, events);
  const breakers = {
    postgres: breaker('postgres', isPostgresFailure),
    redis: breaker('redis', isRedisFailure),
    opensearch: breaker('opensearch', isOpenSearchFailure),
    temporal: breaker('temporal', isTemporalFailure),
  };
  return {
    ...breakers,
    shutdown() {
      for (const b of Object.values(breakers)) b.shutdown();
    },
  };
}
