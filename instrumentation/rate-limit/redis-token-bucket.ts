import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { BucketDecision } from './memory-token-bucket.js';
import { TOKEN_BUCKET_LUA } from './token-bucket.lua.js';

export interface StoreDecision extends BucketDecision {
  /** False when the refusal came from the in-process memory of an earlier refusal, not from Redis. */
  fromRedis: boolean;
}

/**
 * The shared bucket: rate-limiter-flexible's RateLimiterRedis running the token-bucket script, behind
 * its RLWrapperTimeouts. RateLimiterRedis defines its script on the client (`rlflxIncr`), so the client
 * must be this limiter's own. A refusal is remembered in memory until its retry time
 * (`inMemoryBlockOnConsumed`), so a refused client costs no Redis round trip until then. The memory is
 * per client, not per cost: after a refused 5-token request a 1-token one waits out the same retry
 * time, refusing at most (cost - 1) / R longer than needed and never letting more through.
 */
export class RedisTokenBucket {
  private readonly limiter: RLWrapperTimeouts;
  /** The library skips custom scripts for durations under a second; the script ignores this value. */
  private readonly consumeOptions: { customDuration: number };

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
      // The script answers consumed > capacity only for a refusal.
      inMemoryBlockOnConsumed: config.capacity + 1,
    });
    this.limiter = new RLWrapperTimeouts({ limiter: store, timeoutMs: config.timeoutMs });
    this.consumeOptions = { customDuration: Math.max(1, Math.ceil(fillSeconds)) };
  }

  /** Resolves with a decision; rejects with an Error when Redis failed or was too slow. */
  async take(key: string, wanted: number): Promise<StoreDecision> {
    try {
      const res = await this.limiter.consume(redisKeyOf(key), wanted, this.consumeOptions);
      return {
        acquired: true,
        remaining: res.remainingPoints,
        retryAfterMs: 0,
        resetMs: res.msBeforeNext,
        fromRedis: true,
      };
    } catch (error) {
      if (error instanceof RateLimiterRes) return this.refusal(error, wanted);
      throw error;
    }
  }

  private refusal(res: RateLimiterRes, wanted: number): StoreDecision {
    const { capacity, refillPerSecond } = this.config;
    // consumed = C - floor(tokens) + wanted from the script; 0 when the remembered refusal answered.
    const fromRedis = res.consumedPoints > capacity;
    const retryAfterMs = Math.max(1, res.msBeforeNext);
    return {
      acquired: false,
      remaining: fromRedis ? Math.max(0, capacity + wanted - res.consumedPoints) : 0,
      retryAfterMs,
      // Full again once the missing tokens and the rest of the bucket have refilled.
      resetMs: Math.ceil(retryAfterMs + ((capacity - wanted) * 1000) / refillPerSecond),
      fromRedis,
    };
  }
}

/** Client identities may be IP addresses: Redis key names carry a hash, never the address itself. */
export function redisKeyOf(clientKey: string): string {
  return createHash('sha256').update(clientKey).digest('hex').slice(0, 32);
}
