import type { Redis } from 'ioredis';
import { closeRedis } from '../redis/client.js';
import { OutageLog } from '../redis/outage-log.js';
import { MemoryTokenBucket, type BucketDecision } from './memory-token-bucket.js';
import { LimiterInstruments } from './instruments.js';
import { createPipelinedRedis } from './pipelined-redis.js';
import { RedisTokenBucket } from './redis-token-bucket.js';
import { limiterFigures } from './figures.js';
import type { AcquireResult, RateLimiterStats, TokenBucketOptions } from './types.js';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// Long enough that a busy 2-core host does not fall back to memory (and over-admit) under load; a dead
// Redis still fails at once because the client has no offline queue.
const DEFAULT_STORE_TIMEOUT_MS = 250;

/**
 * A token bucket per client (capacity C, refill R per second) shared by every replica through Redis,
 * deciding in memory while Redis is away. "Limit exceeded" is a result; a store failure is never a
 * refusal: it is counted, logged once per outage, and the in-memory bucket decides.
 */
export class TokenBucketLimiter {
  readonly name: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly redis: Redis | undefined;
  private readonly store: RedisTokenBucket | undefined;
  private readonly memory: MemoryTokenBucket;
  private readonly instruments: LimiterInstruments;
  private readonly outage: OutageLog;

  constructor(options: TokenBucketOptions) {
    if (!NAME_PATTERN.test(options.name)) {
      throw new Error(`rate limiter name must match ${NAME_PATTERN}, got ${JSON.stringify(options.name)}`);
    }
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new Error(`rate limiter ${options.name}: capacity must be a positive integer`);
    }
    if (!Number.isFinite(options.refillPerSecond) || options.refillPerSecond <= 0) {
      throw new Error(`rate limiter ${options.name}: refillPerSecond must be a positive number`);
    }
    const timeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 1) {
      throw new Error(`rate limiter ${options.name}: storeTimeoutMs must be at least 1`);
    }
    this.name = options.name;
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.instruments = new LimiterInstruments(this.name);
    this.outage = new OutageLog(
      options.logger,
      {
        down: 'rate limiter store unavailable: deciding in memory until Redis answers',
        up: 'rate limiter store available again: using the shared bucket',
      },
      { limiter: this.name },
    );
    this.memory = new MemoryTokenBucket(this.capacity, this.refillPerSecond);
    if (options.redisUrl) {
      this.redis = createPipelinedRedis(options.redisUrl, `ratelimit-${this.name}`);
      this.store = new RedisTokenBucket(this.redis, {
        name: this.name,
        capacity: this.capacity,
        refillPerSecond: this.refillPerSecond,
        timeoutMs,
      });
    }
  }

  /**
   * Takes `tokens` from `clientKey`'s bucket if it holds them. Never rejects for a store failure;
   * rejects with a RangeError for a key or token count no bucket could serve.
   */
  async acquire(clientKey: string, tokens = 1): Promise<AcquireResult> {
    if (typeof clientKey !== 'string' || clientKey.length === 0) {
      throw new RangeError(`rate limiter ${this.name}: clientKey must be a non-empty string`);
    }
    if (!Number.isInteger(tokens) || tokens < 1 || tokens > this.capacity) {
      throw new RangeError(`rate limiter ${this.name}: tokens must be an integer from 1 to ${this.capacity}`);
    }
    if (!this.store) return this.decide(this.memory.take(clientKey, tokens), false);
    try {
      const decision = await this.store.take(clientKey, tokens);
      if (decision.fromRedis) this.storeAnswered();
      return this.decide(decision, false);
    } catch (error) {
      this.storeFailed(error);
      return this.decide(this.memory.take(clientKey, tokens), true);
    }
  }

  get redisAvailable(): boolean {
    return this.redis?.status === 'ready';
  }

  /**
   * The policy, and its decisions as the metrics SDK counted them in `collected` (one collection of
   * the process's MeterProvider): the numbers Prometheus gets. Without a collection (metrics off),
   * the policy alone.
   */
  getStats(collected: ResourceMetrics | undefined): RateLimiterStats {
    const policy = {
      name: this.name,
      capacity: this.capacity,
      refillPerSecond: this.refillPerSecond,
      redisAvailable: this.redisAvailable,
    };
    return collected ? { ...policy, ...limiterFigures(collected, this.name) } : policy;
  }

  async close(): Promise<void> {
    this.memory.clear();
    if (this.redis) await closeRedis(this.redis);
  }

  private decide(decision: BucketDecision, fallback: boolean): AcquireResult {
    const result: AcquireResult = {
      acquired: decision.acquired,
      remaining: decision.remaining,
      retryAfterMs: decision.retryAfterMs,
      limit: this.capacity,
      resetMs: decision.resetMs,
      fallback,
    };
    this.instruments.record(result);
    return result;
  }

  private storeFailed(error: unknown): void {
    this.instruments.storeError();
    this.outage.failed(error);
  }

  private storeAnswered(): void {
    this.outage.recovered();
  }
}
