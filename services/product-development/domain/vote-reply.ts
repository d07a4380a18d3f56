import { AppError, notFound } from '../../../instrumentation/index.js';
import { VOTE_REPEATED, VOTE_UNKNOWN_FEATURE } from './vote.lua.js';

export type VoteReply =
  { outcome: 'counted'; votes: number } | { outcome: 'unknown_feature' | 'repeated'; error: AppError };

/** What the vote script's reply means: the new count, or why the vote was not counted. */
export function readVoteReply(reply: number, id: string): VoteReply {
  if (reply === VOTE_UNKNOWN_FEATURE)
    return { outcome: 'unknown_feature', error: notFound(`Unknown feature: ${id}`) };
  if (reply === VOTE_REPEATED)
    return {
      outcome: 'repeated',
      error: new AppError(409, 'already_voted', 'This client has already voted for this feature'),
    };
  return { outcome: 'counted', votes: reply };
}
