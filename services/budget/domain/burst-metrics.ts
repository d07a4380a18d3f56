import { metrics, type Counter } from '@opentelemetry/api';
import {
  ATTR_BUDGET_PROVIDER,
  BUDGET_METER_NAME,
  METRIC_BUDGET_SPEND,
  METRIC_BURST_DEDUP_JOINS,
  METRIC_BURST_FAN_OUTS,
} from '../attributes.js';
import type { ProviderResult } from './fan-out.js';

/** The burst use case's instruments: fan-outs, dedup joins and spend by provider. */
export class BurstMetrics {
  private readonly spend: Counter;
  private readonly fanOuts: Counter;
  private readonly joins: Counter;

  constructor() {
    const meter = metrics.getMeter(BUDGET_METER_NAME);
    this.spend = meter.createCounter(METRIC_BUDGET_SPEND, {
      unit: 'USD',
      description: 'What clients were charged, by provider.',
    });
    this.fanOuts = meter.createCounter(METRIC_BURST_FAN_OUTS, {
      unit: '{fan_out}',
      description: 'Bursts sent to the providers.',
    });
    this.joins = meter.createCounter(METRIC_BURST_DEDUP_JOINS, {
      unit: '{join}',
      description: 'Bursts that joined an identical burst in flight.',
    });
    // At 0 from the start: joins are rare, and a rate over a missing series reads "no data", not 0.
    this.fanOuts.add(0);
    this.joins.add(0);
  }

  fannedOut(): void {
    this.fanOuts.add(1);
  }

  joined(): void {
    this.joins.add(1);
  }

  /** A charged burst's cost, split by the provider that charged each part. */
  charged(results: readonly ProviderResult[]): void {
    for (const result of results) {
      if (result.costUsd > 0) this.spend.add(result.costUsd, { [ATTR_BUDGET_PROVIDER]: result.provider });
    }
  }
}
