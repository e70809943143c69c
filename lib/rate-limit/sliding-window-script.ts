/**
 * SEC-RATE-01 sliding window as one atomic Lua script (run through ioredis defineCommand).
 *
 * Why a sorted-set log rather than rate-limiter-flexible (fixed windows, so 2N can pass across a
 * boundary) or a two-window weighted counter (an estimate that can admit more than N when
 * traffic is uneven): the log is exact, and these are security limits (10 logins / 15 min)
 * where "exactly N per any window" is the property tests and auditors check. Memory stays
 * bounded because refused requests are never logged: at most `limit` entries per key (about
 * 40 KB for an address at the 1,000/min global limit, gone a window after it goes quiet).
 *
 * Time comes from the Redis server (TIME), so API instances with skewed clocks share one
 * timeline. Both keys share a hash tag, so the script is Cluster-safe.
 *
 * KEYS[1] request log: sorted set, score = arrival in ms, member = unique request id
 * KEYS[2] breach marker: set once per window, so a flood raises one audit event, not thousands
 * ARGV[1] window in ms, ARGV[2] limit, ARGV[3] request id
 * Returns {allowed 0|1, requests in window, ms until the oldest leaves the window, first breach 0|1}
 */
export const SLIDING_WINDOW_LUA = `
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowMs)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], windowMs)
  count = count + 1
  allowed = 1
end
local resetMs = windowMs
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then resetMs = tonumber(oldest[2]) + windowMs - now end
local firstBreach = 0
if allowed == 0 and redis.call('SET', KEYS[2], '1', 'NX', 'PX', windowMs) then firstBreach = 1 end
return {allowed, count, resetMs, firstBreach}
`;
