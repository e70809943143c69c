import test from 'ava';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '../../lib/config/schema';
import { limitKeys, redisSlidingWindows } from '../../lib/rate-limit';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../helpers/redis-keys';

let redis: Redis;
const keyPrefix = uniquePrefix('several');

test.before(async () => {
  redis = await readyRedis();
});
test.after.always(async () => {
  await deleteByPrefix(redis, keyPrefix);
  redis.disconnect();
});

const hour: RateLimitPolicy = { limit: 3, windowSeconds: 3600, whenRedisDown: 'fail-closed' };
const quarter: RateLimitPolicy = { limit: 2, windowSeconds: 900, whenRedisDown: 'fail-closed' };

test('SEC-RATE-01 a request counted against two limits is logged in both or neither: a refusal by one never spends the other', async (t) => {
  const check = redisSlidingWindows(redis, keyPrefix);
  const subject = 'user:two-limits';
  const policies = [
    { name: 'bookings', policy: hour },
    { name: 'payments', policy: quarter },
  ];
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await check(policies, subject));
  t.deepEqual(
    answers.map((decisions) => decisions.map((d) => d.allowed)),
    [
      [true, true],
      [true, true],
      [false, false],
      [false, false],
    ],
    'admitted while both admit; refused as a whole once the tighter one is full',
  );
  t.deepEqual(
    answers[2]!.map((d) => [d.remaining, d.firstBreach]),
    [
      [1, false],
      [0, true],
    ],
    'the hourly limit still has a slot and is not breached; the full one raises its breach once',
  );
  t.false(answers[3]![1]!.firstBreach, 'one breach per window');
  const logged = async (name: string) => redis.zcard(limitKeys(keyPrefix, name, subject).log);
  t.is(await logged('bookings'), 2, 'the refused requests spent nothing of the hourly limit');
  t.is(await logged('payments'), 2);

  // The tighter window empties (aged by a window): the hourly limit admits its last request.
  const { log } = limitKeys(keyPrefix, 'payments', subject);
  await redis.del(log);
  t.deepEqual(
    (await check(policies, subject)).map((d) => [d.allowed, d.remaining]),
    [
      [true, 0],
      [true, 1],
    ],
  );
  t.deepEqual(
    (await check(policies, subject)).map((d) => d.allowed),
    [false, false],
    'now the hourly limit refuses',
  );
  t.is(await logged('payments'), 1, 'and its refusal spent nothing of the other');
});

test('SEC-RATE-01 every key of one subject shares one hash tag, so several limits fit one Cluster slot', (t) => {
  const tag = (key: string) => /\{([^}]+)\}/.exec(key)?.[1];
  const a = limitKeys('rl:', 'bookings', 'user:x');
  const b = limitKeys('rl:', 'payments', 'user:x');
  t.truthy(tag(a.log));
  t.deepEqual([tag(a.breach), tag(b.log), tag(b.breach)], [tag(a.log), tag(a.log), tag(a.log)]);
  t.not(tag(limitKeys('rl:', 'bookings', 'user:y').log), tag(a.log));
});
