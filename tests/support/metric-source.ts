import type { CollectedPoint } from './otlp-metrics-json.js';

/** Where a test reads the metrics the services exported. */
export interface MetricSource {
  /** The latest exported point of every series of one service's metric. */
  metricPoints(serviceName: string, metric: string): CollectedPoint[];
  /** The sum over the series whose attributes include `filter` (a histogram's series add their counts). */
  metricTotal(serviceName: string, metric: string, filter?: Record<string, unknown>): number;
}
