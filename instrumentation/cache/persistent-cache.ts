import { context, type Context, type Span } from '@opentelemetry/api';
import { LRUCache } from 'lru-cache';
import { ATTR_CACHE_COALESCED } from './attributes.js';
import { toJson } from './codec.js';
import { CacheInstruments } from './instruments.js';
import { hashKey } from './keys.js';
import { L2Store } from './l2-store.js';
import { traceL1Hit, tracedLookup, type CacheTier, type LookupOutcome } from './lookup-span.js';
import {
  assertTtl,
  resolveOptions,
  type PersistentCacheOptions,
  type ResolvedCacheOptions,
} from './options.js';
import { SingleFlight } from './single-flight.js';
import { cacheFigures, type CacheStats } from './stats.js';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';

export type { CacheTier };

/** One getOrSet resolution shared by concurrent callers: the L2 lookup, then the value (maybe computed). */
interface Flight<T> {
  outcome: Promise<LookupOutcome<T>>;
  value: Promise<T>;
}

/**
 * A two-tier cache for JSON values: a bounded in-process LRU (L1) in front of Redis (L2), which
 * survives restarts and is shared by replicas. Redis trouble degrades it to L1 plus the factory; it
 * never throws to the caller for a store failure nor waits longer than the Redis timeout.
 */
export class PersistentCache<T = unknown> {
  private readonly options: ResolvedCacheOptions;
  // L1 holds JSON text, not objects: callers cannot mutate a cached value, and an L1 hit returns the
  // same shape an L2 hit would (dates as strings, no undefined fields).
  private readonly l1: LRUCache<string, string>;
  private readonly l2: L2Store | undefined;
  private readonly flights = new SingleFlight<Flight<T>>();
  private readonly instruments: CacheInstruments;

  constructor(options: PersistentCacheOptions) {
    this.options = resolveOptions(options);
    // Built before L1, whose eviction callback counts through it; L1 is read only when metrics are collected.
    const instruments = new CacheInstruments(this.options.name, () => ({
      entries: this.l1.size,
      bytes: this.l1.calculatedSize,
    }));
    this.instruments = instruments;
    this.l1 = new LRUCache<string, string>({
      max: this.options.l1MaxEntries,
      maxSize: this.options.l1MaxBytes,
      sizeCalculation: (json) => Math.max(1, Buffer.byteLength(json, 'utf8')),
      ttl: this.options.ttlMs,
      dispose: (_json, _key, reason) => {
        if (reason === 'evict') instruments.evicted();
      },
    });
    this.l2 = this.options.redis
      ? new L2Store(this.options.redis, {
          cacheName: this.options.name,
          codec: this.options.codec,
          timeoutMs: this.options.redisTimeoutMs,
          logger: this.options.logger,
          instruments,
        })
      : undefined;
  }

  async get(key: string): Promise<T | undefined> {
    return (await this.lookup(key))?.value;
  }

  /** Like get, and says which tier answered. */
  async lookup(key: string): Promise<{ value: T; tier: CacheTier } | undefined> {
    const keyHash = hashKey(key);
    return this.hitL1(keyHash) ?? (await this.traced(keyHash, () => this.readL2(keyHash))).found;
  }

  /** Stores in both tiers. Rejects only for a value JSON cannot represent or a bad ttl, never for Redis. */
  async set(key: string, value: T, options: { ttlMs?: number } = {}): Promise<void> {
    const ttlMs = options.ttlMs ?? this.options.ttlMs;
    assertTtl(ttlMs);
    await this.store(hashKey(key), toJson(value), ttlMs);
  }

  /**
   * The cached value, or the factory's, stored for later calls. Concurrent calls for one missing key
   * share one L2 lookup and one factory run; if the factory rejects, they all reject and nothing is cached.
   */
  async getOrSet(key: string, factory: () => Promise<T>, options: { ttlMs?: number } = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? this.options.ttlMs;
    assertTtl(ttlMs);
    const keyHash = hashKey(key);
    const hit = this.hitL1(keyHash);
    if (hit) return hit.value;
    // The factory runs in the caller's context, so its spans sit beside cache.lookup, not inside it.
    const callerContext = context.active();
    let flight: Flight<T> | undefined;
    const outcome = await this.traced(keyHash, async (span) => {
      const joined = this.flights.join(keyHash, () =>
        this.startFlight(keyHash, factory, ttlMs, callerContext),
      );
      if (!joined.leader) span.setAttribute(ATTR_CACHE_COALESCED, true);
      flight = joined.flight;
      return flight.outcome;
    });
    if (outcome.found) return outcome.found.value;
    // Reaching here means the lookup went through a flight.
    return (flight as Flight<T>).value;
  }

  async delete(key: string): Promise<void> {
    const keyHash = hashKey(key);
    this.instruments.deleted();
    this.l1.delete(keyHash);
    await this.l2?.remove(keyHash);
  }

  get redisAvailable(): boolean {
    return this.l2?.isAvailable ?? false;
  }

  /**
   * The cache's live state, and its counts as the metrics SDK holds them in `collected` (one collection
   * of the process's MeterProvider). Without a collection (metrics off), the live state alone.
   */
  getStats(collected: ResourceMetrics | undefined): CacheStats {
    const state = {
      name: this.options.name,
      l1: { entries: this.l1.size, bytes: this.l1.calculatedSize },
      redisAvailable: this.redisAvailable,
    };
    return collected ? { ...state, ...cacheFigures(collected, this.options.name) } : state;
  }

  private startFlight(
    keyHash: string,
    factory: () => Promise<T>,
    ttlMs: number,
    callerContext: Context,
  ): { flight: Flight<T>; done: Promise<unknown> } {
    const outcome = this.readL2(keyHash);
    const value = outcome.then((found) =>
      found.found
        ? found.found.value
        : context.with(callerContext, async () => {
            const produced = await factory();
            await this.storeProduced(keyHash, produced, ttlMs);
            return produced;
          }),
    );
    return { flight: { outcome, value }, done: value };
  }

  /**
   * An L1 hit, counted and traced at once: no I/O, so no async span wrapper, and a hot key costs a
   * hash, a map read and a JSON.parse (measured by the bench). Undefined on a miss, which the caller then traces.
   */
  private hitL1(keyHash: string): { value: T; tier: 'l1' } | undefined {
    const json = this.l1.get(keyHash);
    if (json === undefined) return undefined;
    const value = JSON.parse(json) as T;
    this.instruments.lookup('l1');
    traceL1Hit(this.options.name, keyHash);
    return { value, tier: 'l1' };
  }

  private async readL2(keyHash: string): Promise<LookupOutcome<T>> {
    if (!this.l2) return { found: undefined, l2: 'absent' };
    const read = await this.l2.read(keyHash);
    switch (read.kind) {
      case 'hit':
        // The remaining Redis TTL, so the L1 copy never outlives the L2 original (and lru-cache would
        // read a ttl of 0 as "never expires").
        if (read.ttlMs !== 0) this.l1.set(keyHash, read.json, { ttl: read.ttlMs ?? this.options.ttlMs });
        return { found: { value: read.value as T, tier: 'l2' }, l2: 'hit' };
      case 'miss':
        return { found: undefined, l2: 'miss' };
      case 'corrupt':
      case 'error':
        return { found: undefined, l2: read.kind, error: read.error };
    }
  }

  private async store(keyHash: string, json: string, ttlMs: number): Promise<void> {
    this.instruments.wrote();
    this.l1.set(keyHash, json, { ttl: ttlMs });
    await this.l2?.write(keyHash, json, ttlMs);
  }

  /** A factory result that cannot be cached is still the caller's answer; the miss is logged, not thrown. */
  private async storeProduced(keyHash: string, value: T, ttlMs: number): Promise<void> {
    let json: string;
    try {
      json = toJson(value);
    } catch (error) {
      this.instruments.failed();
      this.options.logger?.warn({ cache: this.options.name, err: error }, 'cache: factory value not cached');
      return;
    }
    await this.store(keyHash, json, ttlMs);
  }

  private traced(
    keyHash: string,
    body: (span: Span) => Promise<LookupOutcome<T>>,
  ): Promise<LookupOutcome<T>> {
    return tracedLookup<T>(this.options.name, keyHash, async (span) => {
      const outcome = await body(span);
      this.instruments.lookup(outcome.found?.tier);
      return outcome;
    });
  }
}
