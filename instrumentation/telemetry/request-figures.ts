import {
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import type { DataPoint, Histogram, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { histogramPoints, mergeHistograms, quantileOf, round } from './metric-data.js';

const RATE_WINDOW_MS = 60_000;
const UNMATCHED_ROUTE = 'unmatched';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** The request figures of the observability endpoint: since the process started, from http.server.request.duration. */
export interface RequestFigures {
  totalRequests: number;
  /** Over the last minute of the endpoint's own readings, or since start before the first minute. */
  requestsPerSecond: number;
  errorRate: number;
  latency: LatencySummary;
  routes: Record<string, LatencySummary>;
}

function summary(histogram: Histogram | undefined): LatencySummary {
  if (!histogram) return { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 };
  const ms = (q: number) => round(quantileOf(histogram, q) * 1000, 3);
  return { count: histogram.count, p50Ms: ms(0.5), p95Ms: ms(0.95), p99Ms: ms(0.99) };
}

function isServerError(point: DataPoint<Histogram>): boolean {
  const status = point.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE];
  return typeof status === 'number' && status >= 500;
}

/**
 * Turns cumulative server-duration counts into a rate: each reading is remembered (for a minute), and
 * the rate is the growth since the oldest one kept. The readings are the endpoint's own, so nothing
 * runs between requests to it.
 */
export class RequestRate {
  private readonly readings: Array<{ at: number; total: number }> = [];

  constructor(
    private readonly startedAt: number,
    private readonly now: () => number = Date.now,
  ) {}

  perSecond(total: number): number {
    const at = this.now();
    while (this.readings.length > 0 && at - (this.readings[0]?.at ?? at) > RATE_WINDOW_MS)
      this.readings.shift();
    const oldest = this.readings[0] ?? { at: this.startedAt, total: 0 };
    this.readings.push({ at, total });
    const seconds = Math.max(1, (at - oldest.at) / 1000);
    return round((total - oldest.total) / seconds, 2);
  }
}

export function requestFigures(collected: ResourceMetrics, rate: RequestRate): RequestFigures {
  const points = histogramPoints(collected, METRIC_HTTP_SERVER_REQUEST_DURATION);
  const all = mergeHistograms(points.map((p) => p.value));
  const total = all?.count ?? 0;
  const errors = points.filter(isServerError).reduce((n, p) => n + p.value.count, 0);
  const byRoute = new Map<string, Histogram[]>();
  for (const point of points) {
    const route = String(point.attributes[ATTR_HTTP_ROUTE] ?? UNMATCHED_ROUTE);
    byRoute.set(route, [...(byRoute.get(route) ?? []), point.value]);
  }
  const routes: Record<string, LatencySummary> = {};
  for (const [route, histograms] of byRoute) routes[route] = summary(mergeHistograms(histograms));
  return {
    totalRequests: total,
    requestsPerSecond: rate.perSecond(total),
    errorRate: total === 0 ? 0 : round(errors / total, 4),
    latency: summary(all),
    routes,
  };
}
