import type { Logger } from '../logger.js';

/** Options of one token bucket limiter: one bucket per client, shared by every replica through Redis. */
export interface TokenBucketOptions {
  /** The policy name and Redis key prefix, e.g. 'budget-burst'; keys are `rl:<name>:<clientKey>`. */
  name: string;
  /** C: the most tokens a bucket holds, i.e. the largest burst. */
  capacity: number;
  /** R: tokens added back per second. */
  refillPerSecond: number;
  /** The limiter opens its own connection (its own Lua script); undefined decides in memory only. */
  redisUrl: string | undefined;
  /** Outages and recoveries are logged here, once each. */
  logger?: Logger;
  /** A Redis answer slower than this is a store failure and the decision is made in memory. Default 250. */
  storeTimeoutMs?: number;
}

export interface AcquireResult {
  acquired: boolean;
  /** Whole tokens left in the bucket after this decision. */
  remaining: number;
  /** 0 when acquired; otherwise how long until the requested tokens are there. */
  retryAfterMs: number;
  /** The capacity C. */
  limit: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
  /** True when Redis failed and the in-memory bucket decided. */
  fallback: boolean;
}

/** A policy's decisions since the process started, read from the metrics SDK. */
export interface LimiterFigures {
  allowed: number;
  /** Refusals, including those answered from memory for a client refused moments before. */
  rejected: number;
  /** rejected / (allowed + rejected); 0 before any decision. */
  rejectionRate: number;
  /** Decisions made by the in-memory bucket because Redis failed. */
  fallbackDecisions: number;
  /** Redis calls that failed or timed out. */
  storeErrors: number;
  /** The wait refused clients were told (retryAfterMs). */
  waitMs: { mean: number; max: number };
}

/** A limiter's policy and state, with its figures when metrics are on. */
export interface RateLimiterStats extends Partial<LimiterFigures> {
  name: string;
  capacity: number;
  refillPerSecond: number;
  redisAvailable: boolean;
}
