// Span and attribute names for the cache, in one place so dashboards and tests spell them the same way.

export const CACHE_TRACER_NAME = 'otel-stack/cache';

/** One INTERNAL span per get/lookup/getOrSet call. */
export const SPAN_CACHE_LOOKUP = 'cache.lookup';

export const ATTR_CACHE_NAME = 'cache.name';
export const ATTR_CACHE_HIT = 'cache.hit';
/** 'l1' | 'l2' | 'none' */
export const ATTR_CACHE_TIER = 'cache.tier';
/** A short sha256 of the key: keys may hold prompts, so the raw key never reaches a span. */
export const ATTR_CACHE_KEY_HASH = 'cache.key_hash';
/** true when a getOrSet call waited for another call's lookup instead of doing its own. */
export const ATTR_CACHE_COALESCED = 'cache.coalesced';

// Instruments (OpenTelemetry semantic-conventions style): by cache name, tier and outcome, never by key.
export const CACHE_METER_NAME = 'otel-stack/cache';
/** Counter of lookups by cache.name, cache.tier ('l1' | 'l2' | 'none') and cache.outcome ('hit' | 'miss'). */
export const METRIC_CACHE_LOOKUPS = 'cache.lookups';
/** Observable gauge: entries held in a cache's in-process tier. */
export const METRIC_CACHE_L1_ENTRIES = 'cache.l1.entries';
/** Observable gauge: bytes of JSON held in a cache's in-process tier. */
export const METRIC_CACHE_L1_SIZE = 'cache.l1.size';
export const ATTR_CACHE_OUTCOME = 'cache.outcome';
export const OUTCOME_HIT = 'hit';
export const OUTCOME_MISS = 'miss';
/** Counters by cache.name: values stored, keys deleted, L1 entries pushed out by a bound, failures. */
export const METRIC_CACHE_WRITES = 'cache.writes';
export const METRIC_CACHE_DELETES = 'cache.deletes';
export const METRIC_CACHE_EVICTIONS = 'cache.evictions';
/** Redis failures and timeouts, undecodable stored values, values that could not be stored. */
export const METRIC_CACHE_ERRORS = 'cache.errors';
/** Counter of bytes written to L2, by cache.name and cache.form: 'json' before compression, 'stored' after. */
export const METRIC_CACHE_L2_WRITTEN = 'cache.l2.written';
export const ATTR_CACHE_FORM = 'cache.form';
