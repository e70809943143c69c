import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../../lib/errors';
import { startPrivateRedis } from '../helpers/private-redis';
import { readyRedis } from '../helpers/redis-keys';
import { newUser, sessionFixture } from './helpers/session-fixture';

const f = sessionFixture('sess04b');
const client = { ip: '203.0.113.21', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };
const MINUTE = 60_000;

/** Calls per command since the last CONFIG RESETSTAT, from Redis's own count. */
async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  return calls;
}

async function privateSessions(t: import('ava').ExecutionContext) {
  const server = await startPrivateRedis();
  t.teardown(server.kill);
  const redis = await readyRedis(server.url);
  t.teardown(() => redis.disconnect());
  return { server, redis, sessions: f.security({ redis }).sessions };
}

test.serial(
  'SEC-SESS-04 session checks sent together are each judged on their own: live, logged out, idle and unknown',
  async (t) => {
    const { redis, sessions } = await privateSessions(t);
    const idle = await sessions.startSession(newUser(), client, 'bearer');
    f.clock.advance(20 * MINUTE);
    const live = await sessions.startSession(newUser(), client, 'bearer');
    const leaving = newUser();
    const loggedOut = await sessions.startSession(leaving, client, 'bearer');
    await sessions.endSession({ ...leaving, sessionId: loggedOut.sessionId }, client.ip);
    f.clock.advance(15 * MINUTE); // idle: 35 minutes without a request; live: 15
    await redis.config('RESETSTAT');

    const asked = [live, idle, loggedOut, live].map((s) => s.sessionId).concat(randomUUID());
    const answers = await Promise.all(asked.map((id) => sessions.authenticate(id)));

    t.is(answers[0]?.sessionId, live.sessionId);
    t.is(answers[0]?.role, 'USER');
    t.is(answers[1], undefined, '30 minutes idle ends it, though asked with a live one');
    t.is(answers[2], undefined, 'logged out');
    t.is(answers[3]?.sessionId, live.sessionId, 'the same session twice in one call');
    t.is(answers[4], undefined, 'unknown');
    const calls = await commandCalls(redis);
    t.is((calls.evalsha ?? 0) + (calls.eval ?? 0), 1, 'five checks of one turn: one script call');
    t.is(calls.hmget, asked.length, 'yet every session was read');
    t.is(
      await redis.exists(`${f.config.sessions.redisPrefix}s:${idle.sessionId}`),
      0,
      'the idle one deleted',
    );
  },
);

test.serial('SEC-SESS-04 a revocation is seen by the very next check, batched or not', async (t) => {
  const { sessions } = await privateSessions(t);
  const user = newUser();
  const a = await sessions.startSession(user, client, 'bearer');
  const b = await sessions.startSession(user, { ...client, ip: '198.51.100.8' }, 'bearer');
  const actor = { id: user.id, role: user.role, sessionId: a.sessionId };
  const before = await Promise.all([sessions.authenticate(a.sessionId), sessions.authenticate(b.sessionId)]);
  t.truthy(before[0]);
  t.truthy(before[1]);
  t.is(await sessions.revokeOtherSessions(actor, client.ip), 1);
  const after = await Promise.all([sessions.authenticate(b.sessionId), sessions.authenticate(a.sessionId)]);
  t.is(after[0], undefined, 'the revoked session is refused at once');
  t.is(after[1]?.sessionId, a.sessionId, 'the kept one is still live');
});

test.serial('SEC-SESS-04 Redis down: every check of a batch fails closed with 503', async (t) => {
  const { server, sessions } = await privateSessions(t);
  const started = await Promise.all([1, 2, 3].map(() => sessions.startSession(newUser(), client, 'bearer')));
  await server.kill();
  const outcomes = await Promise.allSettled(started.map((s) => sessions.authenticate(s.sessionId)));
  for (const outcome of outcomes) {
    t.is(outcome.status, 'rejected');
    const err = outcome.status === 'rejected' ? (outcome.reason as unknown) : undefined;
    t.true(err instanceof AppError && err.status === 503, 'SERVICE_UNAVAILABLE, not a pass and not a 500');
  }
});
