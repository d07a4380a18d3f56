import { readCommonConfig, readInt, readNumber } from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3007 }),
    /** Score posts per client: a burst of this many (20 by default)... */
    scoreCapacity: readInt(env, 'CUP_SCORE_RATE_CAPACITY', 20, { min: 1 }),
    /** ...then this many per second (2 by default). */
    scoreRefillPerSecond: readNumber(env, 'CUP_SCORE_RATE_REFILL_PER_SECOND', 2, { min: 0.001 }),
  };
}

export type CupConfig = ReturnType<typeof readConfig>;
