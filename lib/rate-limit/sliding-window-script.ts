/**
 * SEC-RATE-01 sliding windows as one atomic Lua script (run through ioredis defineCommand).
 *
 * Why a sorted-set log rather than rate-limiter-flexible (fixed windows, so 2N can pass across a
 * boundary) or a two-window weighted counter (an estimate that can admit more than N when
 * traffic is uneven): the log is exact, and these are security limits (10 logins / 15 min)
 * where "exactly N per any window" is the property tests and auditors check. Memory stays
 * bounded because refused requests are never logged: at most `limit` entries per key (about
 * 40 KB for an address at the 1,000/min global limit, gone a window after it goes quiet).
 *
 * One call checks one subject against one or more windows (a booking counts against the
 * bookings and the payment-attempt limits): a request is logged in every window only when every
 * window admits it, so a refusal by one limit never spends the others. One round trip instead
 * of one per limit.
 *
 * Time comes from the Redis server (TIME), so API instances with skewed clocks share one
 * timeline. Every key of one subject shares its hash tag (limit-key.ts), so the script is
 * Cluster-safe.
 *
 * KEYS[2i-1] request log of window i: sorted set, score = arrival in ms, member = request id
 * KEYS[2i]   breach marker of window i: set once per window, so a flood raises one audit event
 * ARGV[1] request id, then ARGV[2i] window i in ms, ARGV[2i+1] limit i
 * Returns, per window, {allowed 0|1, requests in window, ms until the oldest leaves, first breach 0|1}
 */
export const SLIDING_WINDOW_LUA = `
local n = #KEYS / 2
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local counts = {}
local every = true
for i = 1, n do
  local windowMs = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[2 * i - 1], '-inf', now - windowMs)
  counts[i] = redis.call('ZCARD', KEYS[2 * i - 1])
  if counts[i] >= tonumber(ARGV[2 * i + 1]) then every = false end
end
local reply = {}
for i = 1, n do
  local log = KEYS[2 * i - 1]
  local windowMs = tonumber(ARGV[2 * i])
  local count = counts[i]
  local allowed = 0
  if every then
    redis.call('ZADD', log, now, ARGV[1])
    redis.call('PEXPIRE', log, windowMs)
    count = count + 1
    allowed = 1
  end
  local resetMs = windowMs
  local oldest = redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')
  if oldest[2] then resetMs = tonumber(oldest[2]) + windowMs - now end
  local firstBreach = 0
  if count >= tonumber(ARGV[2 * i + 1]) and allowed == 0 and redis.call('SET', KEYS[2 * i], '1', 'NX', 'PX', windowMs) then
    firstBreach = 1
  end
  table.insert(reply, allowed)
  table.insert(reply, count)
  table.insert(reply, resetMs)
  table.insert(reply, firstBreach)
end
return reply
`;
