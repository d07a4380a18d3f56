import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { decodeValue, encodeValue, type CodecOptions, type Encoded } from './codec.js';
import { redisKey } from './keys.js';
import { RedisGuard } from './redis-guard.js';
import type { CacheInstruments } from './instruments.js';

export type L2Read =
  /** ttlMs: what is left of the Redis TTL (0: expiring now), undefined for a key without one. */
  | { kind: 'hit'; json: string; value: unknown; ttlMs: number | undefined }
  | { kind: 'miss' }
  /** Redis held something this cache cannot decode; it has been deleted. */
  | { kind: 'corrupt'; error: Error }
  /** Redis failed or timed out: L2 was not consulted. */
  | { kind: 'error'; error: Error };

/**
 * The Redis tier. Values and expiry are written in one `SET ... PX` so no reader sees a value without
 * its expiry; reads fetch the value and its remaining TTL in one MULTI so L1 never outlives L2.
 */
export class L2Store {
  private readonly guard: RedisGuard;

  constructor(
    redis: Redis,
    private readonly options: {
      cacheName: string;
      codec: CodecOptions;
      timeoutMs: number;
      logger: Logger | undefined;
      instruments: CacheInstruments;
    },
  ) {
    this.guard = new RedisGuard(redis, {
      cacheName: options.cacheName,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      onError: () => options.instruments.failed(),
    });
  }

  get isAvailable(): boolean {
    return this.guard.isAvailable;
  }

  async read(keyHash: string): Promise<L2Read> {
    const key = redisKey(this.options.cacheName, keyHash);
    const reply = await this.guard.run(async (redis) => {
      const results = await redis.multi().getBuffer(key).pttl(key).exec();
      if (!results) throw new Error('redis transaction aborted');
      for (const [error] of results) if (error) throw error;
      return { stored: results[0]?.[1] as Buffer | null, pttl: results[1]?.[1] as number };
    });
    if (!reply.ok) return { kind: 'error', error: reply.error };
    const { stored, pttl } = reply.value;
    if (!stored) return { kind: 'miss' };

    const decoded = await decodeValue(stored, this.options.codec);
    if (!decoded.ok) {
      this.options.instruments.failed();
      this.options.logger?.warn(
        { cache: this.options.cacheName, err: decoded.error },
        'cache: undecodable stored value treated as a miss and deleted',
      );
      // A racing writer's fresh value could be deleted here too; that costs one recomputation, no more.
      await this.guard.run((redis) => redis.del(key));
      return { kind: 'corrupt', error: decoded.error };
    }
    // PTTL is -1 for a key without expiry (written by something other than this cache), and 0 for one
    // that expires within this millisecond: that value is still the answer, but nothing may keep it.
    return {
      kind: 'hit',
      json: decoded.json,
      value: decoded.value,
      ttlMs: pttl === -1 ? undefined : Math.max(0, pttl),
    };
  }

  /** Resolves false when the value could not be written; the cause is already counted and logged. */
  async write(keyHash: string, json: string, ttlMs: number): Promise<boolean> {
    let encoded: Encoded;
    try {
      encoded = await encodeValue(json, this.options.codec);
    } catch (error) {
      this.options.instruments.failed();
      this.options.logger?.warn({ cache: this.options.cacheName, err: error }, 'cache: value not encoded');
      return false;
    }
    if (encoded.rawBytes > this.options.codec.maxDecodedBytes) {
      // Every reader would reject it as too large, so storing it would only waste Redis memory.
      this.options.logger?.debug({ cache: this.options.cacheName }, 'cache: value too large for L2');
      return false;
    }
    const key = redisKey(this.options.cacheName, keyHash);
    const reply = await this.guard.run((redis) => redis.set(key, encoded.stored, 'PX', ttlMs));
    if (!reply.ok) return false;
    this.options.instruments.l2Stored(encoded.rawBytes, encoded.stored.length);
    return true;
  }

  async remove(keyHash: string): Promise<void> {
    await this.guard.run((redis) => redis.del(redisKey(this.options.cacheName, keyHash)));
  }
}
