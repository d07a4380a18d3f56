import type { MeterProvider } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { METRIC_METRIC_POINTS_FAILED, TELEMETRY_METER_NAME } from './attributes.js';

/** A push exporter that chooses temporality and aggregation, as the OTLP metric exporters do. */
export type SelectingMetricExporter = PushMetricExporter &
  Required<Pick<PushMetricExporter, 'selectAggregationTemporality' | 'selectAggregation'>>;

/** How many data points one export carried. */
export function dataPointsIn(collected: ResourceMetrics): number {
  return collected.scopeMetrics.reduce(
    (n, scope) => n + scope.metrics.reduce((m, metric) => m + metric.dataPoints.length, 0),
    0,
  );
}

/**
 * Counts the data points of every failed metric export. A plain number, observed when metrics are
 * collected (see `observe`): the counter exists, at 0, from the first export on, so a dashboard's rate
 * over it shows 0 rather than "no data" while nothing fails.
 */
export class CountingMetricExporter implements PushMetricExporter {
  private failedPoints = 0;

  constructor(private readonly inner: SelectingMetricExporter) {}

  /** Reports the failed points as `telemetry.metric_points.failed` on `provider`. */
  observe(provider: MeterProvider): void {
    provider
      .getMeter(TELEMETRY_METER_NAME)
      .createObservableCounter(METRIC_METRIC_POINTS_FAILED, {
        unit: '{data_point}',
        description: 'Metric data points whose export failed.',
      })
      .addCallback((result) => result.observe(this.failedPoints));
  }

  export(collected: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(collected, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) this.failedPoints += dataPointsIn(collected);
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality(type);
  }

  selectAggregation(type: InstrumentType): AggregationOption {
    return this.inner.selectAggregation(type);
  }
}
