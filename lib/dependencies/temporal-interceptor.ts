import type { Connection, WorkflowClientInterceptor } from '@temporalio/client';
import type { DependencyBreaker } from './dependency-breaker';

/**
 * The API's Temporal calls behind the dependency's breaker. Short calls (start, signal, query,
 * describe, cancel, terminate) also get a deadline (Connection.withDeadline), so a hung frontend
 * costs a request `timeoutMs`. Updates only get the breaker: their answer waits for the workflow's
 * handler (a booking change runs supplier and payment steps), which the request timeout bounds.
 */
export function temporalDependencyInterceptor(
  connection: Connection,
  breaker: DependencyBreaker,
  timeoutMs: number,
): WorkflowClientInterceptor {
  const short =
    <I, O>(next: (input: I) => Promise<O>) =>
    (input: I) =>
      breaker.run(() => connection.withDeadline(Date.now() + timeoutMs, () => next(input)));
  const guarded =
    <I, O>(next: (input: I) => Promise<O>) =>
    (input: I) =>
      breaker.run(() => next(input));
  return {
    startWithDetails: (input, next) => short(next)(input),
    signal: (input, next) => short(next)(input),
    signalWithStart: (input, next) => short(next)(input),
    query: (input, next) => short(next)(input),
    describe: (input, next) => short(next)(input),
    cancel: (input, next) => short(next)(input),
    terminate: (input, next) => short(next)(input),
    startUpdate: (input, next) => guarded(next)(input),
    startUpdateWithStart: (input, next) => guarded(next)(input),
  };
}
