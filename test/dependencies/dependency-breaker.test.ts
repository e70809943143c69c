import test from 'ava';
import { errors as opensearchErrors } from '@opensearch-project/opensearch';
import { ReplyError } from 'ioredis';
import { ConnectionAcquireTimeoutError, DatabaseError, UniqueConstraintError } from 'sequelize';
import {
  createDependencyBreaker,
  DependencyUnavailableError,
  isOpenSearchFailure,
  isPostgresFailure,
  isRedisFailure,
} from '../../lib/dependencies';

const OPTIONS = {
  volumeThreshold: 2,
  errorThresholdPercentage: 50,
  rollingWindowMs: 60_000,
  resetTimeoutMs: 100,
};
const down = () => Promise.reject(new Error('down'));

async function untilState(state: () => string, wanted: string): Promise<void> {
  while (state() !== wanted) await new Promise((r) => setTimeout(r, 10));
}

test('SEC-RATE-03 a dependency breaker opens after failures, refuses without calling, and one trial closes it', async (t) => {
  const breaker = createDependencyBreaker('postgres', OPTIONS, () => true);
  t.teardown(() => breaker.shutdown());
  for (let i = 0; i < 2; i += 1) {
    const error = await t.throwsAsync(breaker.run(down), { instanceOf: DependencyUnavailableError });
    t.true(error.sent, 'the failing call was made');
    t.is(error.status, 503);
    t.deepEqual(error.headers, { 'Retry-After': '1' });
  }
  t.is(breaker.state(), 'open');
  let called = false;
  const refused = await t.throwsAsync(
    breaker.run(async () => {
      called = true;
    }),
    { instanceOf: DependencyUnavailableError },
  );
  t.false(refused.sent);
  t.false(called, 'an open breaker never calls the dependency');
  t.throws(() => breaker.refuseIfOpen(), { instanceOf: DependencyUnavailableError });

  await untilState(breaker.state, 'halfOpen');
  t.notThrows(() => breaker.refuseIfOpen());
  t.is(await breaker.run(async () => 'answer'), 'answer');
  t.is(breaker.state(), 'closed');
});

test('SEC-RATE-03 a dependency that answers no (not a failure) never opens its breaker and keeps its error', async (t) => {
  const breaker = createDependencyBreaker('redis', OPTIONS, isRedisFailure);
  t.teardown(() => breaker.shutdown());
  const reply = new (ReplyError as new (message: string) => Error)('WRONGTYPE');
  for (let i = 0; i < 4; i += 1) {
    t.is(await t.throwsAsync(breaker.run(() => Promise.reject(reply))), reply);
  }
  t.is(breaker.state(), 'closed');
});

test('dependency failures: down or hung counts, an answer does not', (t) => {
  t.true(isPostgresFailure(new ConnectionAcquireTimeoutError(new Error('timeout'))));
  t.true(isPostgresFailure(new DatabaseError(Object.assign(new Error('Query read timeout'), { sql: '' }))));
  const canceled = Object.assign(new Error('canceling statement due to statement timeout'), {
    code: '57014',
    sql: '',
  });
  t.true(isPostgresFailure(new DatabaseError(canceled)));
  t.false(isPostgresFailure(new UniqueConstraintError({})));
  const syntax = Object.assign(new Error('syntax error'), { code: '42601', sql: '' });
  t.false(isPostgresFailure(new DatabaseError(syntax)));
  t.true(isRedisFailure(new Error('Command timed out')));
  t.true(isOpenSearchFailure(new opensearchErrors.TimeoutError('Request timed out', {} as never)));
  t.false(
    isOpenSearchFailure(
      new opensearchErrors.ResponseError({ statusCode: 404, body: {}, headers: {}, meta: {} } as never),
    ),
  );
});
