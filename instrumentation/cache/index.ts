// The cache's public API; everything else in this folder is internal.
export { PersistentCache, type CacheTier } from './persistent-cache.js';
export type { PersistentCacheOptions } from './options.js';
export type { CacheStats } from './stats.js';
export type { CompressionAlgorithm } from './codec.js';
