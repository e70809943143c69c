import type { Redis } from 'ioredis';
import { isRole, type Role } from '../../lib/rbac';
import { CREATE_SESSION, END_SESSIONS, TOUCH_SESSIONS } from './session-scripts';
import { perTurnBatches } from './turn-batch';
import type { LiveSession } from './types';

export interface StoredSession {
  sessionId: string;
  userId: string;
  role: Role;
  companyId?: string;
  ip: string;
  device: string;
  createdAtMs: number;
  lastSeenAtMs: number;
  absoluteEndMs: number;
}

export interface SessionStoreSettings {
  prefix: string;
  idleTimeoutSeconds: number;
  maxPerUser: number;
  /** The longest absolute lifetime of any role: how long a user's index may outlive activity. */
  longestLifetimeSeconds: number;
}

/** SEC-SESS-04/05: the server-side session record every request is checked against. */
export interface SessionStore {
  /** Returns the ids of the user's oldest sessions it evicted to stay within the cap. */
  create(session: StoredSession): Promise<string[]>;
  /** The live session, its activity recorded; undefined when ended, idle too long or past its end. */
  touch(sessionId: string, nowMs: number): Promise<LiveSession | undefined>;
  get(sessionId: string): Promise<StoredSession | undefined>;
  listForUser(userId: string): Promise<StoredSession[]>;
  /** Ends the user's sessions (all, all but `except`, or only `only`); returns the ended ids. */
  end(userId: string, options?: { except?: string; only?: string }): Promise<string[]>;
}

type ScriptArg = string | number;
type Run = (...args: ScriptArg[]) => Promise<unknown>;
const COMMANDS = {
  thSessionCreate: { numberOfKeys: 2, lua: CREATE_SESSION },
  // No fixed key count: the first argument says how many sessions this call checks.
  thSessionTouchMany: { lua: TOUCH_SESSIONS },
  thSessionEnd: { numberOfKeys: 1, lua: END_SESSIONS },
} as const;
type WithScripts = Redis & Record<keyof typeof COMMANDS, Run>;
/** Sessions checked by one script call at most: bounds the time Redis spends in one call. */
const MAX_TOUCH_BATCH = 128;

/** EVALSHA through ioredis's defineCommand: the script text crosses the wire once per connection. */
function withScripts(redis: Redis): WithScripts {
  const client = redis as WithScripts;
  for (const [name, spec] of Object.entries(COMMANDS)) {
    if (typeof (client as unknown as Record<string, unknown>)[name] !== 'function') {
      redis.defineCommand(name, spec);
    }
  }
  return client;
}

export function redisSessionStore(redis: Redis, settings: SessionStoreSettings): SessionStore {
  const scripts = withScripts(redis);
  const sessionKey = (sid: string) => `${settings.prefix}s:${sid}`;
  const userKey = (uid: string) => `${settings.prefix}u:${uid}`;
  const idleMs = settings.idleTimeoutSeconds * 1000;
  // Every request's session check, those of one event-loop turn in one script call.
  const touchBatch = perTurnBatches<{ key: string; nowMs: number }, unknown>(async (batch) => {
    const args: ScriptArg[] = [batch.length];
    for (const t of batch) args.push(t.key);
    args.push(idleMs);
    for (const t of batch) args.push(t.nowMs);
    return (await scripts.thSessionTouchMany(...args)) as unknown[];
  }, MAX_TOUCH_BATCH);

  const parse = (sessionId: string, h: Record<string, string>): StoredSession | undefined => {
    if (!h.uid || !isRole(h.role)) return undefined;
    return {
      sessionId,
      userId: h.uid,
      role: h.role,
      companyId: h.cid || undefined,
      ip: h.ip ?? '',
      device: h.dev ?? '',
      createdAtMs: Number(h.created),
      lastSeenAtMs: Number(h.seen),
      absoluteEndMs: Number(h.abs),
    };
  };

  return {
    async create(s) {
      const evicted = (await scripts.thSessionCreate(
        sessionKey(s.sessionId),
        userKey(s.userId),
        s.sessionId,
        s.userId,
        s.role,
        s.companyId ?? '',
        s.ip,
        s.device,
        s.createdAtMs,
        s.absoluteEndMs,
        idleMs,
        settings.maxPerUser,
        settings.prefix,
        settings.longestLifetimeSeconds * 1000,
      )) as string[];
      return evicted;
    },
    async touch(sessionId, nowMs) {
      const reply = await touchBatch({ key: sessionKey(sessionId), nowMs });
      if (!Array.isArray(reply) || typeof reply[0] !== 'string' || !isRole(reply[1])) return undefined;
      const cid: unknown = reply[2];
      return {
        sessionId,
        userId: reply[0],
        role: reply[1],
        companyId: typeof cid === 'string' && cid ? cid : undefined,
      };
    },
    async get(sessionId) {
      return parse(sessionId, await redis.hgetall(sessionKey(sessionId)));
    },
    async listForUser(userId) {
      const ids = await redis.zrange(userKey(userId), '0', '-1');
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(sessionKey(id));
      const replies = (await pipeline.exec()) ?? [];
      return ids.flatMap((id, i) => {
        const [err, hash] = replies[i] ?? [new Error('no reply')];
        if (err) throw err;
        const session = parse(id, hash as Record<string, string>);
        return session && session.userId === userId ? [session] : [];
      });
    },
    async end(userId, options = {}) {
      return (await scripts.thSessionEnd(
        userKey(userId),
        settings.prefix,
        options.except ?? '',
        options.only ?? '',
      )) as string[];
    },
  };
}
