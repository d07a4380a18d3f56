import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { BucketDecision } from './memory-token-bucket.js';
import { RecentValues } from './recent-values.js';
import { TOKEN_BUCKET_LUA } from './token-bucket.lua.js';

const MAX_REMEMBERED_REFUSALS = 100_000;

export interface StoreDecision extends BucketDecision {
  /** False when the refusal came from the in-process memory of an earlier refusal, not from Redis. */
  fromRedis: boolean;
}

/**
 * The shared bucket: rate-limiter-flexible's RateLimiterRedis running the token-bucket script, behind
 * its RLWrapperTimeouts. RateLimiterRedis defines its script on the client (`rlflxIncr`), so the client
 * must be this limiter's own (auto-pipelined: see createPipelinedRedis). A refusal is remembered in
 * memory until its retry time, so a refused client costs no Redis round trip until then, and is
 * answered here, before the library's promise chain and timeout timer (measured by the bench). The memory is per
 * client, not per cost: after a refused 5-token request a 1-token one waits out the same retry time,
 * refusing at most (cost - 1) / R longer than needed and never letting more through.
 */
export class RedisTokenBucket {
  private readonly limiter: RLWrapperTimeouts;
  /** The library skips custom scripts for durations under a second; the script ignores this value. */
  private readonly consumeOptions: { customDuration: number };
  /** Refused clients (by Redis key) and when their wait ends, on performance.now()'s clock. */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    client: Redis,
    private readonly config: { name: string; capacity: number; refillPerSecond: number; timeoutMs: number },
  ) {
    const fillSeconds = config.capacity / config.refillPerSecond;
    const store = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `rl:${config.name}`,
      points: config.capacity,
      duration: fillSeconds,
      customIncrTtlLuaScript: TOKEN_BUCKET_LUA,
      // Fail at once while disconnected instead of handing ioredis a command it would reject anyway.
      rejectIfRedisNotReady: true,
    });
    this.limiter = new RLWrapperTimeouts({ limiter: store, timeoutMs: config.timeoutMs });
    this.consumeOptions = { customDuration: Math.max(1, Math.ceil(fillSeconds)) };
  }

  /** Resolves with a decision; rejects with an Error when Redis failed or was too slow. */
  async take(key: string, wanted: number): Promise<StoreDecision> {
    const redisKey = redisKeyOf(key);
    const until = this.refusedUntil.get(redisKey);
    if (until !== undefined) {
      const left = until - performance.now();
      if (left > 0) return this.refusal(left, 0, wanted);
      this.refusedUntil.delete(redisKey);
    }
    try {
      const res = await this.limiter.consume(redisKey, wanted, this.consumeOptions);
      return {
        acquired: true,
        remaining: res.remainingPoints,
        retryAfterMs: 0,
        resetMs: res.msBeforeNext,
        fromRedis: true,
      };
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const decision = this.refusal(error.msBeforeNext, error.consumedPoints, wanted);
      if (decision.fromRedis) this.remember(redisKey, decision.retryAfterMs);
      return decision;
    }
  }

  private remember(redisKey: string, retryAfterMs: number): void {
    if (this.refusedUntil.size >= MAX_REMEMBERED_REFUSALS) {
      // The oldest refusal goes first; forgetting one only costs that client a Redis call.
      const oldest = this.refusedUntil.keys().next();
      if (!oldest.done) this.refusedUntil.delete(oldest.value);
    }
    this.refusedUntil.set(redisKey, performance.now() + retryAfterMs);
  }

  /** `consumed` = C - floor(tokens) + wanted from the script; 0 when a remembered refusal answers. */
  private refusal(msBeforeNext: number, consumed: number, wanted: number): StoreDecision {
    const { capacity, refillPerSecond } = this.config;
    const fromRedis = consumed > capacity;
    const retryAfterMs = Math.max(1, Math.ceil(msBeforeNext));
    return {
      acquired: false,
      remaining: fromRedis ? Math.max(0, capacity + wanted - consumed) : 0,
      retryAfterMs,
      // Full again once the missing tokens and the rest of the bucket have refilled.
      resetMs: Math.ceil(retryAfterMs + ((capacity - wanted) * 1000) / refillPerSecond),
      fromRedis,
    };
  }
}

/** Client identities may be IP addresses: Redis key names carry a hash, never the address itself. */
export function redisKeyOf(clientKey: string): string {
  return recentKeys.get(clientKey, hashClientKey);
}

const recentKeys = new RecentValues<string>(10_000);

function hashClientKey(clientKey: string): string {
  return createHash('sha256').update(clientKey).digest('hex').slice(0, 32);
}
