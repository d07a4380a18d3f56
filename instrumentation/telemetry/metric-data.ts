import type { Attributes } from '@opentelemetry/api';
import {
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** Pure look-ups over one collection: what the endpoints need, nothing about how it was collected. */

/** Every data point of the named metric, whatever meter (scope) recorded it. */
function metricNamed(collected: ResourceMetrics, name: string): MetricData[] {
  return collected.scopeMetrics.flatMap((scope) => scope.metrics.filter((m) => m.descriptor.name === name));
}

function matches(attributes: Attributes, filter: Attributes): boolean {
  return Object.entries(filter).every(([key, value]) => attributes[key] === value);
}

/** The sum of a counter's (or gauge's) points whose attributes include `filter`. */
export function sumOf(collected: ResourceMetrics, name: string, filter: Attributes = {}): number {
  let total = 0;
  for (const metric of metricNamed(collected, name)) {
    if (metric.dataPointType === DataPointType.HISTOGRAM) continue;
    if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) continue;
    for (const point of metric.dataPoints as DataPoint<number>[]) {
      if (matches(point.attributes, filter)) total += point.value;
    }
  }
  return total;
}

/** Histogram points of one metric, each with its attributes. */
export function histogramPoints(collected: ResourceMetrics, name: string): DataPoint<Histogram>[] {
  return metricNamed(collected, name).flatMap((metric) =>
    metric.dataPointType === DataPointType.HISTOGRAM ? metric.dataPoints : [],
  );
}

/** One histogram made of several with the same boundaries (the aggregation of one instrument always has). */
export function mergeHistograms(points: readonly Histogram[]): Histogram | undefined {
  const first = points[0];
  if (!first) return undefined;
  const counts = new Array<number>(first.buckets.counts.length).fill(0);
  let count = 0;
  let sum = 0;
  for (const point of points) {
    count += point.count;
    sum += point.sum ?? 0;
    point.buckets.counts.forEach((n, i) => (counts[i] = (counts[i] ?? 0) + n));
  }
  return { buckets: { boundaries: first.buckets.boundaries, counts }, count, sum };
}

/**
 * The q-quantile of a bucketed histogram, linearly interpolated inside its bucket, as Prometheus'
 * histogram_quantile does; the open last bucket answers its lower boundary.
 */
export function quantileOf(histogram: Histogram, q: number): number {
  const { boundaries, counts } = histogram.buckets;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i += 1) {
    const inBucket = counts[i] ?? 0;
    if (seen + inBucket >= rank && inBucket > 0) {
      const lower = i === 0 ? 0 : (boundaries[i - 1] ?? 0);
      const upper = boundaries[i];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - seen)) / inBucket;
    }
    seen += inBucket;
  }
  return boundaries[boundaries.length - 1] ?? 0;
}

/** A figure rounded to `digits` decimals, as the endpoints show it. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
