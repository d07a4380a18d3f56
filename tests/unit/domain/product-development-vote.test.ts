import { describe, expect, it } from 'vitest';
import { readVoteReply } from '../../../services/product-development/domain/vote-reply.js';
import {
  VOTE_REPEATED,
  VOTE_UNKNOWN_FEATURE,
} from '../../../services/product-development/domain/vote.lua.js';

const ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('vote: what the script’s reply means', () => {
  it('when the script answers a count, then the vote is counted and the count is the feature’s votes', () => {
    expect(readVoteReply(1, ID)).toEqual({ outcome: 'counted', votes: 1 });
    expect(readVoteReply(42, ID)).toEqual({ outcome: 'counted', votes: 42 });
  });

  it('when the script says the feature does not exist (-1), then it is a 404 not_found naming the feature', () => {
    const reply = readVoteReply(VOTE_UNKNOWN_FEATURE, ID);

    expect(VOTE_UNKNOWN_FEATURE).toBe(-1);
    expect(reply.outcome).toBe('unknown_feature');
    expect('error' in reply && [reply.error.status, reply.error.code, reply.error.message]).toEqual([
      404,
      'not_found',
      `Unknown feature: ${ID}`,
    ]);
  });

  it('when the script says this client already voted (-2), then it is a 409 already_voted', () => {
    const reply = readVoteReply(VOTE_REPEATED, ID);

    expect(VOTE_REPEATED).toBe(-2);
    expect(reply.outcome).toBe('repeated');
    expect('error' in reply && [reply.error.status, reply.error.code]).toEqual([409, 'already_voted']);
  });
});
