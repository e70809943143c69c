import { ApplicationFailure } from '@temporalio/common';
import type { ExecutionContext } from 'ava';

/** Asserts that `promise` rejects with an ApplicationFailure of `type`, retryable or not. */
export async function failsWith(
  t: ExecutionContext,
  promise: Promise<unknown>,
  type: string,
  nonRetryable: boolean,
): Promise<ApplicationFailure> {
  const error = await t.throwsAsync(promise);
  t.true(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
  const failure = error as ApplicationFailure;
  t.is(failure.type, type, failure.message);
  t.is(failure.nonRetryable, nonRetryable, `${type} nonRetryable`);
  return failure;
}
