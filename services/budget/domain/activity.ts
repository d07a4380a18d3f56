import type { Redis } from 'ioredis';
import { clientIdOf, isRedisUnavailable } from '../../../instrumentation/index.js';
import { dayOf, toUsd } from './spend-figures.js';

const RECENT_PER_CLIENT = 50;
const TTL_SECONDS = 2 * 24 * 3600;

/** One burst as coach and segmentation see it: no prompt, no output, no client identity in clear. */
export interface BurstActivity {
  at: string;
  providers: string[];
  costUsd: number;
  /** What each provider charged this client for this burst (0 for a cached or shared answer). */
  costsUsd: Record<string, number>;
  cached: boolean;
  deduplicated: boolean;
  statuses: Record<string, string>;
}

export interface ClientDay {
  clientId: string;
  requests: number;
  spentUsd: number;
}

/**
 * Each client's recent bursts (a capped list) and the day's request count per client (a hash), kept in
 * Redis for coach's advice and segmentation's tiers. Best effort: a Redis failure loses activity
 * figures, never a burst.
 */
export class ClientActivity {
  /** Records dropped because Redis was away. */
  lost = 0;

  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async record(client: string, activity: BurstActivity): Promise<void> {
    const id = clientIdOf(client);
    const volume = `budget:volume:${dayOf(this.now())}`;
    try {
      await this.redis
        .multi()
        .lpush(`budget:recent:${id}`, JSON.stringify(activity))
        .ltrim(`budget:recent:${id}`, 0, RECENT_PER_CLIENT - 1)
        .expire(`budget:recent:${id}`, TTL_SECONDS)
        .hincrby(volume, id, 1)
        .expire(volume, TTL_SECONDS)
        .exec();
    } catch (error) {
      // Best effort, off the response path: a record lost to an outage is counted (reported by the
      // observability endpoint); any other failure is a bug and propagates.
      if (!isRedisUnavailable(error)) throw error;
      this.lost += 1;
    }
  }

  async recent(client: string, limit: number): Promise<BurstActivity[]> {
    const items = await this.redis.lrange(`budget:recent:${clientIdOf(client)}`, 0, limit - 1);
    return items.flatMap((item) => {
      try {
        return [JSON.parse(item) as BurstActivity];
      } catch {
        return [];
      }
    });
  }

  /** Every client that burst today with its request count and spend (hashed ids only). */
  async clients(): Promise<ClientDay[]> {
    const day = dayOf(this.now());
    const volume = await this.redis.hgetall(`budget:volume:${day}`);
    const ids = Object.keys(volume);
    if (ids.length === 0) return [];
    const spent = await this.redis.mget(ids.map((id) => `budget:spend:${day}:${id}`));
    return ids.map((id, i) => ({
      clientId: id,
      requests: Number(volume[id] ?? 0),
      spentUsd: toUsd(Number(spent[i] ?? 0)),
    }));
  }
}
