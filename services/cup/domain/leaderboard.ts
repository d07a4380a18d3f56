import { trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { inSpan } from '../../../instrumentation/index.js';
import {
  ATTR_CUP_BEST,
  ATTR_CUP_ENTRIES,
  ATTR_CUP_IMPROVED,
  ATTR_CUP_LIMIT,
  ATTR_CUP_RANK,
  ATTR_CUP_SCORE,
  SPAN_CUP_LEADERBOARD,
  SPAN_CUP_SUBMIT,
} from '../attributes.js';
import { boardRank, standingsFrom, type Standing } from './standings.js';

const tracer = trace.getTracer('cup');
const BOARD_KEY = 'cup:leaderboard';

export interface Submission {
  player: string;
  /** The score just posted. */
  score: number;
  /** The player's best score, this one or an earlier one. */
  best: number;
  /** 1 is the top of the board. */
  rank: number;
  /** True when this score raised (or first set) the player's best. */
  improved: boolean;
}

/** One sorted set, player → best score; ties rank in Redis's order (player name, descending). */
export class Leaderboard {
  constructor(private readonly redis: Redis) {}

  /** Keeps the higher of the stored and posted score (ZADD GT), then reads best and rank, in one MULTI. */
  submit(player: string, score: number): Promise<Submission> {
    return inSpan(tracer, SPAN_CUP_SUBMIT, async (span) => {
      span.setAttribute(ATTR_CUP_SCORE, score);
      const replies = await this.redis
        .multi()
        .zadd(BOARD_KEY, 'GT', 'CH', score, player)
        .zscore(BOARD_KEY, player)
        .zrevrank(BOARD_KEY, player)
        .exec();
      const [changed, best, rank] = (replies ?? []).map(([error, value]) => {
        if (error) throw error;
        return value;
      });
      const submission = {
        player,
        score,
        best: Number(best),
        rank: boardRank(Number(rank)),
        improved: Number(changed) === 1,
      };
      span.setAttributes({
        [ATTR_CUP_BEST]: submission.best,
        [ATTR_CUP_RANK]: submission.rank,
        [ATTR_CUP_IMPROVED]: submission.improved,
      });
      return submission;
    });
  }

  /** A player's best score and rank, or undefined for a player who never scored. */
  async standing(player: string): Promise<Standing | undefined> {
    const [score, rank] = await Promise.all([
      this.redis.zscore(BOARD_KEY, player),
      this.redis.zrevrank(BOARD_KEY, player),
    ]);
    if (score === null || rank === null) return undefined;
    return { rank: boardRank(rank), player, score: Number(score) };
  }

  /** The best `limit` players, highest score first, and how many players the board holds. */
  top(limit: number): Promise<{ entries: Standing[]; players: number }> {
    return inSpan(tracer, SPAN_CUP_LEADERBOARD, async (span) => {
      span.setAttribute(ATTR_CUP_LIMIT, limit);
      const [flat, players] = await Promise.all([
        this.redis.zrevrange(BOARD_KEY, 0, limit - 1, 'WITHSCORES'),
        this.redis.zcard(BOARD_KEY),
      ]);
      const entries = standingsFrom(flat);
      span.setAttribute(ATTR_CUP_ENTRIES, entries.length);
      return { entries, players };
    });
  }
}
