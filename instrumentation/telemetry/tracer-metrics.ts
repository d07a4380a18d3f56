import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';

const WINDOW_SECONDS = 60;
const SAMPLES_PER_ROUTE = 1024;
const MAX_ROUTES = 200;
const OTHER_ROUTE = 'other';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface TracerMetricsSnapshot {
  totalRequests: number;
  requestsPerSecond: number;
  errorRate: number;
  latency: LatencySummary;
  routes: Record<string, LatencySummary>;
}

/** A fixed-size ring of the most recent latencies: percentiles over recent traffic, bounded memory. */
class LatencyRing {
  private readonly values = new Float64Array(SAMPLES_PER_ROUTE);
  private next = 0;
  count = 0;

  add(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % SAMPLES_PER_ROUTE;
    this.count += 1;
  }

  summary(): LatencySummary {
    const filled = Math.min(this.count, SAMPLES_PER_ROUTE);
    const sorted = Array.from(this.values.subarray(0, filled)).sort((a, b) => a - b);
    return {
      count: this.count,
      p50Ms: pick(sorted, 0.5),
      p95Ms: pick(sorted, 0.95),
      p99Ms: pick(sorted, 0.99),
    };
  }
}

function pick(sorted: number[], quantile: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 1000) / 1000;
}

function durationMs(span: ReadableSpan): number {
  const [seconds, nanos] = span.duration;
  return seconds * 1e3 + nanos / 1e6;
}

function isError(span: ReadableSpan): boolean {
  if (span.status.code === SpanStatusCode.ERROR) return true;
  const status = span.attributes['http.response.status_code'] ?? span.attributes['http.status_code'];
  return typeof status === 'number' && status >= 500;
}

/**
 * Aggregates the service's finished server spans into request figures for the observability endpoint.
 * It sees every request, sampled or not, because the stack's sampler records (without exporting) the
 * server span of unsampled requests.
 */
export class TracerMetrics implements SpanProcessor {
  private total = 0;
  private errors = 0;
  private readonly all = new LatencyRing();
  private readonly routes = new Map<string, LatencyRing>();
  private readonly perSecond = new Uint32Array(WINDOW_SECONDS);
  private readonly secondOfSlot = new Float64Array(WINDOW_SECONDS);
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (span.kind !== SpanKind.SERVER) return;
    const ms = durationMs(span);
    this.total += 1;
    if (isError(span)) this.errors += 1;
    this.all.add(ms);
    this.routeRing(String(span.attributes['http.route'] ?? 'unmatched')).add(ms);
    const second = Math.floor(this.now() / 1000);
    const slot = second % WINDOW_SECONDS;
    if (this.secondOfSlot[slot] !== second) {
      this.secondOfSlot[slot] = second;
      this.perSecond[slot] = 0;
    }
    this.perSecond[slot] = (this.perSecond[slot] ?? 0) + 1;
  }

  private routeRing(route: string): LatencyRing {
    let ring = this.routes.get(route);
    if (!ring) {
      // A route explosion (e.g. raw paths) must not grow memory without bound.
      if (this.routes.size >= MAX_ROUTES) route = OTHER_ROUTE;
      ring = this.routes.get(route) ?? new LatencyRing();
      this.routes.set(route, ring);
    }
    return ring;
  }

  snapshot(): TracerMetricsSnapshot {
    const nowSecond = Math.floor(this.now() / 1000);
    let recent = 0;
    for (let slot = 0; slot < WINDOW_SECONDS; slot += 1) {
      if (nowSecond - (this.secondOfSlot[slot] ?? 0) < WINDOW_SECONDS) recent += this.perSecond[slot] ?? 0;
    }
    const windowSeconds = Math.max(1, Math.min(WINDOW_SECONDS, (this.now() - this.startedAt) / 1000));
    const routes: Record<string, LatencySummary> = {};
    for (const [route, ring] of this.routes) routes[route] = ring.summary();
    return {
      totalRequests: this.total,
      requestsPerSecond: Math.round((recent / windowSeconds) * 100) / 100,
      errorRate: this.total === 0 ? 0 : Math.round((this.errors / this.total) * 10_000) / 10_000,
      latency: this.all.summary(),
      routes,
    };
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
