import { LRUCache } from 'lru-cache';
import { SingleFlight } from '../cache/single-flight.js';
import { isRedisUnavailable } from '../redis/unavailable.js';
import { hashApiKey, wellFormedApiKey } from './key-format.js';
import type { ApiKeyStore } from './key-store.js';

export interface ApiKeyVerifierOptions {
  /** How long a valid key is believed without asking Redis: also how long a revoked key keeps working. */
  ttlMs: number;
  /** How long an unknown key is remembered as unknown: a key issued meanwhile waits this long. */
  negativeTtlMs: number;
  /** Keys remembered at most; the least recently used goes first. */
  maxEntries: number;
}

/** lru-cache holds no null, so an unknown key is remembered as this. */
const UNKNOWN = '';

/**
 * Which client an API key belongs to, from a short local cache in front of the store, so a valid key
 * costs a Redis round trip once per TTL rather than once per request; concurrent lookups of one key
 * share one round trip. The cache is keyed by the key's hash: no key is held in memory.
 */
export class ApiKeyVerifier {
  private readonly known: LRUCache<string, string>;
  private readonly flights = new SingleFlight<Promise<string>>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly options: ApiKeyVerifierOptions,
  ) {
    // Expired entries stay until evicted, so an outage can still fall back on them.
    this.known = new LRUCache({ max: options.maxEntries, ttl: options.ttlMs, noDeleteOnStaleGet: true });
  }

  /** The client's name, or undefined when the key is malformed, unknown or revoked. */
  async clientOf(key: string): Promise<string | undefined> {
    if (!wellFormedApiKey(key)) return undefined;
    const hash = hashApiKey(key);
    const cached = this.known.get(hash);
    if (cached !== undefined) return cached === UNKNOWN ? undefined : cached;
    const { flight } = this.flights.join(hash, () => {
      const lookup = this.lookup(hash);
      return { flight: lookup, done: lookup };
    });
    const client = await flight;
    return client === UNKNOWN ? undefined : client;
  }

  /** Drops what this process remembers of a key hash: a revocation here takes effect at once. */
  forget(keyHash: string): void {
    this.known.delete(keyHash);
  }

  /**
   * Asks the store. While Redis is away, a key this process saw valid before keeps working (stale):
   * clients already served are not cut off by an outage; a key never seen answers the store's error.
   */
  private async lookup(hash: string): Promise<string> {
    let client: string;
    try {
      client = (await this.store.clientOf(hash)) ?? UNKNOWN;
    } catch (error) {
      const stale = this.known.get(hash, { allowStale: true });
      if (isRedisUnavailable(error) && stale !== undefined && stale !== UNKNOWN) return stale;
      throw error;
    }
    const ttl = client === UNKNOWN ? this.options.negativeTtlMs : this.options.ttlMs;
    this.known.set(hash, client, { ttl });
    return client;
  }
}
