import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { histogramPoints, round, sumOf } from '../telemetry/metric-data.js';
import {
  ATTR_RATELIMIT_FALLBACK,
  ATTR_RATELIMIT_OUTCOME,
  ATTR_RATELIMIT_POLICY,
  METRIC_RATELIMIT_DECISIONS,
  METRIC_RATELIMIT_RETRY_AFTER,
  METRIC_RATELIMIT_STORE_ERRORS,
  OUTCOME_ALLOWED,
  OUTCOME_LIMITED,
} from './attributes.js';
import type { LimiterFigures } from './types.js';

/**
 * One policy's figures from one collection of the metrics SDK: the same counters Prometheus receives,
 * so the endpoint and the dashboards cannot disagree.
 */
export function limiterFigures(collected: ResourceMetrics, policy: string): LimiterFigures {
  const byPolicy = { [ATTR_RATELIMIT_POLICY]: policy };
  const decisions = (filter: Record<string, string | boolean>) =>
    sumOf(collected, METRIC_RATELIMIT_DECISIONS, { ...byPolicy, ...filter });
  const allowed = decisions({ [ATTR_RATELIMIT_OUTCOME]: OUTCOME_ALLOWED });
  const rejected = decisions({ [ATTR_RATELIMIT_OUTCOME]: OUTCOME_LIMITED });
  const waits = histogramPoints(collected, METRIC_RATELIMIT_RETRY_AFTER)
    .filter((point) => point.attributes[ATTR_RATELIMIT_POLICY] === policy)
    .map((point) => point.value);
  const waitCount = waits.reduce((n, w) => n + w.count, 0);
  const waitSumS = waits.reduce((n, w) => n + (w.sum ?? 0), 0);
  const waitMaxS = waits.reduce((n, w) => Math.max(n, w.max ?? 0), 0);
  return {
    allowed,
    rejected,
    rejectionRate: allowed + rejected === 0 ? 0 : round(rejected / (allowed + rejected), 4),
    fallbackDecisions: decisions({ [ATTR_RATELIMIT_FALLBACK]: true }),
    storeErrors: sumOf(collected, METRIC_RATELIMIT_STORE_ERRORS, byPolicy),
    waitMs: {
      mean: waitCount === 0 ? 0 : round((waitSumS * 1000) / waitCount, 1),
      max: Math.round(waitMaxS * 1000),
    },
  };
}
