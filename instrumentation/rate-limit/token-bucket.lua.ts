/**
 * The token bucket as rate-limiter-flexible's `customIncrTtlLuaScript` for RateLimiterRedis. The library
 * calls it with KEYS[1] = the bucket key and ARGV = [tokens wanted, whole-second duration (unused),
 * points, duration]; points is the capacity C and duration the seconds to fill an empty bucket (C / R),
 * so R = ARGV[3] / ARGV[4].
 *
 * It answers the library's `{consumed, ttlMs}`: consumed = C - floor(tokens before) + wanted, which is
 * above C exactly when the bucket cannot pay, so the library's own "consumed > points" test refuses;
 * ttlMs is the wait until the tokens are there when refused, and the time until the bucket is full
 * again when allowed.
 *
 * Atomic (one script), clocked by Redis TIME so every replica agrees on elapsed time, and the hash
 * {t: tokens, at: ms} expires once the bucket would be full, when it is no different from no key.
 */
export const TOKEN_BUCKET_LUA = `
local wanted = tonumber(ARGV[1])
local capacity = tonumber(ARGV[3])
local perMs = capacity / (tonumber(ARGV[4]) * 1000)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = capacity
if state[1] and state[2] then
  tokens = math.min(capacity, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * perMs)
end
local consumed = capacity - math.floor(tokens) + wanted
if tokens < wanted then
  return {consumed, math.ceil((wanted - tokens) / perMs)}
end
tokens = tokens - wanted
local fullInMs = math.max(1, math.ceil((capacity - tokens) / perMs))
redis.call('HSET', KEYS[1], 't', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], fullInMs)
return {consumed, fullInMs}
`;
