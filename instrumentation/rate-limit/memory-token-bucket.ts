import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';

/** One decision of a bucket, without the policy fields the limiter adds. */
export interface BucketDecision {
  acquired: boolean;
  remaining: number;
  retryAfterMs: number;
  resetMs: number;
}

interface BucketState {
  tokens: number;
  /** When `tokens` was computed, on `now()`'s clock. */
  at: number;
}

export interface MemoryTokenBucketOptions {
  /** Buckets kept; the least recently used is dropped, which only makes it full again. */
  maxKeys?: number;
  /** A monotonic millisecond clock; tests pass a fake one. */
  now?: () => number;
}

/**
 * The token bucket of the Lua script, in process memory: the limiter's decisions when no Redis is
 * configured or Redis fails. Each process then limits on its own, so a client may get up to C per
 * replica during an outage; refusing everyone instead would turn a store failure into 429s.
 */
export class MemoryTokenBucket {
  private readonly buckets: LRUCache<string, BucketState>;
  private readonly now: () => number;
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    options: MemoryTokenBucketOptions = {},
  ) {
    this.buckets = new LRUCache({ max: options.maxKeys ?? 100_000 });
    this.now = options.now ?? (() => performance.now());
    this.perMs = refillPerSecond / 1000;
  }

  take(key: string, wanted: number): BucketDecision {
    const now = this.now();
    const state = this.buckets.get(key);
    const tokens = state
      ? Math.min(this.capacity, state.tokens + Math.max(0, now - state.at) * this.perMs)
      : this.capacity;
    if (tokens < wanted) {
      return {
        acquired: false,
        remaining: Math.floor(tokens),
        retryAfterMs: Math.ceil((wanted - tokens) / this.perMs),
        resetMs: Math.ceil((this.capacity - tokens) / this.perMs),
      };
    }
    const left = tokens - wanted;
    this.buckets.set(key, { tokens: left, at: now });
    return {
      acquired: true,
      remaining: Math.floor(left),
      retryAfterMs: 0,
      resetMs: Math.max(1, Math.ceil((this.capacity - left) / this.perMs)),
    };
  }

  clear(): void {
    this.buckets.clear();
  }
}
