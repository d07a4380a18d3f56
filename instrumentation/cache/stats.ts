import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { round, sumOf } from '../telemetry/metric-data.js';
import {
  ATTR_CACHE_FORM,
  ATTR_CACHE_NAME,
  ATTR_CACHE_TIER,
  METRIC_CACHE_DELETES,
  METRIC_CACHE_ERRORS,
  METRIC_CACHE_EVICTIONS,
  METRIC_CACHE_L2_WRITTEN,
  METRIC_CACHE_LOOKUPS,
  METRIC_CACHE_WRITES,
} from './attributes.js';

/** A cache's counts since the process started, read from the metrics SDK. */
export interface CacheFigures {
  hits: { l1: number; l2: number; total: number };
  /** Lookups no tier could answer. */
  misses: number;
  /** Total hits / lookups, 0..1; 0 before the first lookup. */
  hitRate: number;
  sets: number;
  deletes: number;
  /** L1 entries pushed out by the entry or byte bound (not expiries). */
  evictions: number;
  /** Redis failures and timeouts, undecodable stored values, values that could not be stored. */
  errors: number;
  /** JSON bytes written to L2, and the bytes Redis holds for them after compression. */
  bytes: { raw: number; stored: number };
}

/** A cache's name and live state, with its figures when metrics are on. */
export interface CacheStats extends Partial<CacheFigures> {
  name: string;
  l1: { entries: number; bytes: number };
  redisAvailable: boolean;
}

/**
 * One cache's figures from one collection of the metrics SDK: the counters Prometheus receives, so the
 * endpoint and the dashboards cannot disagree. Caches are counted by name: two instances of one name
 * (replicas of a part in one process) add up.
 */
export function cacheFigures(collected: ResourceMetrics, name: string): CacheFigures {
  const named = { [ATTR_CACHE_NAME]: name };
  const count = (metric: string, filter: Record<string, string> = {}) =>
    sumOf(collected, metric, { ...named, ...filter });
  const l1 = count(METRIC_CACHE_LOOKUPS, { [ATTR_CACHE_TIER]: 'l1' });
  const l2 = count(METRIC_CACHE_LOOKUPS, { [ATTR_CACHE_TIER]: 'l2' });
  const misses = count(METRIC_CACHE_LOOKUPS, { [ATTR_CACHE_TIER]: 'none' });
  const hits = l1 + l2;
  return {
    hits: { l1, l2, total: hits },
    misses,
    hitRate: hits + misses === 0 ? 0 : round(hits / (hits + misses), 4),
    sets: count(METRIC_CACHE_WRITES),
    deletes: count(METRIC_CACHE_DELETES),
    evictions: count(METRIC_CACHE_EVICTIONS),
    errors: count(METRIC_CACHE_ERRORS),
    bytes: {
      raw: count(METRIC_CACHE_L2_WRITTEN, { [ATTR_CACHE_FORM]: 'json' }),
      stored: count(METRIC_CACHE_L2_WRITTEN, { [ATTR_CACHE_FORM]: 'stored' }),
    },
  };
}
