/**
 * One vote, atomically: the voter joins the feature's voter set and, only if it was not there, the
 * feature's count in the ranking goes up, so the count always equals the set's size.
 * KEYS: feature hash, voters set, ranking sorted set. ARGV: voter id, feature id.
 * Returns the new count, -1 for an unknown feature, -2 for a repeated voter.
 */
export const VOTE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return -2 end
return tonumber(redis.call('ZINCRBY', KEYS[3], 1, ARGV[2]))
`;

export const VOTE_UNKNOWN_FEATURE = -1;
export const VOTE_REPEATED = -2;
