import { metrics, type Attributes, type Counter, type Histogram } from '@opentelemetry/api';
import {
  ATTR_RATELIMIT_FALLBACK,
  ATTR_RATELIMIT_OUTCOME,
  ATTR_RATELIMIT_POLICY,
  METRIC_RATELIMIT_DECISIONS,
  METRIC_RATELIMIT_RETRY_AFTER,
  METRIC_RATELIMIT_STORE_ERRORS,
  OUTCOME_ALLOWED,
  OUTCOME_LIMITED,
  RATELIMIT_METER_NAME,
} from './attributes.js';
import type { AcquireResult } from './types.js';

// Retry-After is whole seconds to a client; the buckets follow the refill times of this stack's policies.
const RETRY_AFTER_BOUNDARIES = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

/** One policy's decisions as metrics; the attribute sets are built once, not per request. */
export class LimiterInstruments {
  private readonly decisions: Counter;
  private readonly retryAfter: Histogram;
  private readonly storeErrors: Counter;
  /** By acquired, then by fallback. */
  private readonly attributes: { allowed: [Attributes, Attributes]; limited: [Attributes, Attributes] };
  private readonly policy: Attributes;

  constructor(policy: string) {
    const meter = metrics.getMeter(RATELIMIT_METER_NAME);
    this.decisions = meter.createCounter(METRIC_RATELIMIT_DECISIONS, {
      unit: '{decision}',
      description: 'Rate-limit decisions by policy and outcome.',
    });
    this.retryAfter = meter.createHistogram(METRIC_RATELIMIT_RETRY_AFTER, {
      unit: 's',
      description: 'How long refused clients were told to wait.',
      advice: { explicitBucketBoundaries: RETRY_AFTER_BOUNDARIES },
    });
    this.storeErrors = meter.createCounter(METRIC_RATELIMIT_STORE_ERRORS, {
      unit: '{error}',
      description: 'Redis calls of a limiter that failed or timed out.',
    });
    const of = (outcome: string, fallback: boolean): Attributes => ({
      [ATTR_RATELIMIT_POLICY]: policy,
      [ATTR_RATELIMIT_OUTCOME]: outcome,
      [ATTR_RATELIMIT_FALLBACK]: fallback,
    });
    this.attributes = {
      allowed: [of(OUTCOME_ALLOWED, false), of(OUTCOME_ALLOWED, true)],
      limited: [of(OUTCOME_LIMITED, false), of(OUTCOME_LIMITED, true)],
    };
    this.policy = { [ATTR_RATELIMIT_POLICY]: policy };
    // Every outcome starts at 0, so "decided in memory" reads 0 rather than "no data" while Redis is up.
    for (const set of [...this.attributes.allowed, ...this.attributes.limited]) this.decisions.add(0, set);
    this.storeErrors.add(0, this.policy);
  }

  record(result: AcquireResult): void {
    const byFallback = result.acquired ? this.attributes.allowed : this.attributes.limited;
    this.decisions.add(1, byFallback[result.fallback ? 1 : 0]);
    if (!result.acquired) this.retryAfter.record(result.retryAfterMs / 1000, this.policy);
  }

  storeError(): void {
    this.storeErrors.add(1, this.policy);
  }
}
