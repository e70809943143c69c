/**
 * Lua run atomically in Redis, so concurrent logins cannot both slip under the session cap and a
 * check-then-touch cannot race a revocation. Times are the API's clock in ms (ARGV), not Redis's,
 * so the inactivity and absolute limits are decided by one clock. The scripts reach session keys
 * by prefix + id, and one touch call names many users' sessions: one Redis, not a cluster (a
 * cluster would need every session key in one slot, or one touch call per slot).
 */

/**
 * KEYS: session hash, user's session zset. ARGV: sid, uid, role, cid, ip, device, now, absolute
 * end, idle ms, max sessions, prefix, user-set ttl ms. Returns the evicted session ids.
 */
export const CREATE_SESSION = `
local prefix = ARGV[11]
for _, sid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if redis.call('EXISTS', prefix .. 's:' .. sid) == 0 then redis.call('ZREM', KEYS[2], sid) end
end
local evicted = {}
local max = tonumber(ARGV[10])
while redis.call('ZCARD', KEYS[2]) >= max do
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  redis.call('DEL', prefix .. 's:' .. oldest)
  redis.call('ZREM', KEYS[2], oldest)
  table.insert(evicted, oldest)
end
local now = tonumber(ARGV[7])
local abs = tonumber(ARGV[8])
redis.call('HSET', KEYS[1], 'uid', ARGV[2], 'role', ARGV[3], 'cid', ARGV[4], 'ip', ARGV[5],
  'dev', ARGV[6], 'created', ARGV[7], 'seen', ARGV[7], 'abs', ARGV[8])
redis.call('PEXPIREAT', KEYS[1], math.min(abs, now + tonumber(ARGV[9])))
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[12])
return evicted
`;

/**
 * KEYS: session hashes, one per request being checked. ARGV: idle ms, then the API's clock when
 * each request asked (same order as KEYS). Ends each session past its inactivity or absolute
 * limit, else records the activity; in KEYS order, so a session named twice is seen as the first
 * touch left it. Returns, per key, {uid, role, cid} or 0 when the session is not live.
 */
export const TOUCH_SESSIONS = `
local idle = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('HMGET', key, 'uid', 'role', 'cid', 'seen', 'abs')
  local now = tonumber(ARGV[i + 1])
  out[i] = 0
  if v[1] then
    local abs = tonumber(v[5])
    if now >= abs or now - tonumber(v[4]) >= idle then
      redis.call('DEL', key)
    else
      redis.call('HSET', key, 'seen', ARGV[i + 1])
      redis.call('PEXPIREAT', key, math.min(abs, now + idle))
      out[i] = {v[1], v[2], v[3]}
    end
  end
end
return out
`;

/**
 * KEYS: user's session zset. ARGV: prefix, session id to keep ('' for none), only this id ('' for
 * all). Returns the ids of the sessions that were live and are now ended.
 */
export const END_SESSIONS = `
local ended = {}
for _, sid in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if sid ~= ARGV[2] and (ARGV[3] == '' or sid == ARGV[3]) then
    if redis.call('DEL', ARGV[1] .. 's:' .. sid) == 1 then table.insert(ended, sid) end
    redis.call('ZREM', KEYS[1], sid)
  end
end
return ended
`;
