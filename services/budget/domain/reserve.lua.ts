/**
 * Adds ARGV[1] micro-dollars to a client's spend for the day (KEYS[1]) only if the total stays within
 * ARGV[2]; one script, so replicas reserving at once can never pass the limit between a read and a
 * write. Returns the new total, or -1 when the reservation does not fit (nothing is written then).
 * ARGV[3] is the key's time to live in seconds.
 */
export const RESERVE_LUA = `
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
local want = tonumber(ARGV[1])
if spent + want > tonumber(ARGV[2]) then return -1 end
local total = redis.call('INCRBY', KEYS[1], want)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return total
`;
