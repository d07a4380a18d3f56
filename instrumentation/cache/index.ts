// The cache's public API; everything else in this folder is internal.
export { PersistentCache, type CacheTier } from './persistent-cache.js';
export type { PersistentCacheOptions } from './options.js';
export type { CacheStats } from './stats.js';
export type { CompressionAlgorithm } from './codec.js';
export {
  ATTR_CACHE_COALESCED,
  ATTR_CACHE_HIT,
  ATTR_CACHE_KEY_HASH,
  ATTR_CACHE_NAME,
  ATTR_CACHE_TIER,
  CACHE_TRACER_NAME,
  SPAN_CACHE_LOOKUP,
} from './attributes.js';
