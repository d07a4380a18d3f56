import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { CodecOptions, CompressionAlgorithm } from './codec.js';
import { assertCacheName } from './keys.js';

export interface PersistentCacheOptions {
  /** Namespaces the Redis keys (`cache:<name>:<sha256(key)>`); instances with one name share L2. */
  name: string;
  /** From createRedis (no offline queue, so an outage fails fast); undefined keeps the cache L1-only. */
  redis: Redis | undefined;
  /** Default time to live of an entry, in both tiers. */
  ttlMs: number;
  /** L1 bound on entries; default 1000. */
  l1MaxEntries?: number;
  /** L1 bound on the JSON bytes held; default 16 MiB. */
  l1MaxBytes?: number;
  /** Values whose JSON is larger than this are stored compressed in L2; default 1024. */
  compressThresholdBytes?: number;
  /** false stores every value uncompressed; default true. Either way, stored values stay readable. */
  compression?: boolean;
  /** Algorithm for new writes; default 'brotli'. Any of the three is read back. */
  compressionAlgorithm?: CompressionAlgorithm;
  /** Bound on a stored value's decoded size: a larger one (or a decompression bomb) is a miss; default 8 MiB. */
  maxDecompressedBytes?: number;
  /** Bound on each Redis command, so a hung Redis cannot hang a request; default 250 ms. */
  redisTimeoutMs?: number;
  logger?: Logger;
}

export interface ResolvedCacheOptions {
  name: string;
  redis: Redis | undefined;
  ttlMs: number;
  l1MaxEntries: number;
  l1MaxBytes: number;
  codec: CodecOptions;
  redisTimeoutMs: number;
  logger: Logger | undefined;
}

const MIB = 1024 * 1024;

/** Throws RangeError for a non-positive or non-integer duration; ttls are programming choices, not input. */
export function assertTtl(ttlMs: number, what = 'ttlMs'): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 1)
    throw new RangeError(`${what} must be a positive integer, got ${ttlMs}`);
}

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${resolved}`);
  }
  return resolved;
}

export function resolveOptions(options: PersistentCacheOptions): ResolvedCacheOptions {
  assertCacheName(options.name);
  assertTtl(options.ttlMs);
  const threshold = options.compressThresholdBytes ?? 1024;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new RangeError(`compressThresholdBytes must be a non-negative integer, got ${threshold}`);
  }
  return {
    name: options.name,
    redis: options.redis,
    ttlMs: options.ttlMs,
    l1MaxEntries: positiveInt(options.l1MaxEntries, 1000, 'l1MaxEntries'),
    l1MaxBytes: positiveInt(options.l1MaxBytes, 16 * MIB, 'l1MaxBytes'),
    codec: {
      compression: options.compression ?? true,
      algorithm: options.compressionAlgorithm ?? 'brotli',
      thresholdBytes: threshold,
      maxDecodedBytes: positiveInt(options.maxDecompressedBytes, 8 * MIB, 'maxDecompressedBytes'),
    },
    redisTimeoutMs: positiveInt(options.redisTimeoutMs, 250, 'redisTimeoutMs'),
    logger: options.logger,
  };
}
