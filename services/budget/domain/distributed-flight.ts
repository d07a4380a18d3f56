import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isRedisUnavailable } from '../../../instrumentation/index.js';

/** Deletes the lease only if this replica still holds it: a lease that expired is someone else's now. */
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface FlightOptions {
  /** How long a leader may hold a key before another replica may take over (longer than the work). */
  leaseMs: number;
  /** How long a published result stays for late joiners; the cache serves them after that. */
  resultTtlMs: number;
  /** How often a waiting replica looks for the leader's result. */
  pollMs: number;
}

const leaseKey = (key: string) => `burst:flight:${key}`;
const resultKey = (key: string) => `burst:flight:${key}:result`;

/** Redis away is the one failure this falls back on; anything else is a bug and propagates. */
function onlyOutages(error: unknown): void {
  if (!isRedisUnavailable(error)) throw error;
}

/**
 * Single-flight across replicas: for one key, the replica that takes a lease in Redis runs the work
 * and publishes its result; the others wait for that result instead of running the work again. A
 * leader that fails or dies publishes nothing; its lease is released or expires, and a waiting replica
 * takes over. While Redis is away each replica runs the work itself (the in-process single-flight
 * still joins callers within a replica).
 */
export class DistributedFlight<T> {
  /** Calls answered with another replica's result. */
  joined = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: FlightOptions,
  ) {}

  async run(key: string, work: () => Promise<T>): Promise<{ value: T; joined: boolean }> {
    const token = randomUUID();
    const deadline = Date.now() + 2 * this.options.leaseMs;
    while (Date.now() < deadline) {
      let leader: boolean;
      try {
        leader = (await this.redis.set(leaseKey(key), token, 'PX', this.options.leaseMs, 'NX')) === 'OK';
      } catch (error) {
        onlyOutages(error);
        return { value: await work(), joined: false };
      }
      if (leader) return { value: await this.lead(key, token, work), joined: false };
      const published = await this.awaitLeader(key);
      if (published !== undefined) {
        this.joined += 1;
        return { value: published, joined: true };
      }
    }
    // A lease held past twice its length means Redis misbehaves: answer rather than wait on.
    return { value: await work(), joined: false };
  }

  private async lead(key: string, token: string, work: () => Promise<T>): Promise<T> {
    try {
      const value = await work();
      await this.redis
        .set(resultKey(key), JSON.stringify(value), 'PX', this.options.resultTtlMs)
        .catch(onlyOutages);
      return value;
    } finally {
      await this.redis.eval(RELEASE_LUA, 1, leaseKey(key), token).catch(onlyOutages);
    }
  }

  /** The leader's published result; undefined once the lease is gone without one (or Redis is away). */
  private async awaitLeader(key: string): Promise<T | undefined> {
    for (;;) {
      let stored: string | null;
      let held: number;
      try {
        [stored, held] = await Promise.all([
          this.redis.get(resultKey(key)),
          this.redis.exists(leaseKey(key)),
        ]);
      } catch (error) {
        onlyOutages(error);
        return undefined;
      }
      if (stored !== null) return JSON.parse(stored) as T;
      if (held === 0) return undefined;
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }
}
