import { metrics } from '@opentelemetry/api';
import { DataPointType, MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import {
  METRIC_HTTP_CLIENT_REQUEST_DURATION,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';
import { PersistentCache } from '../../instrumentation/cache/persistent-cache.js';
import { TokenBucketLimiter } from '../../instrumentation/rate-limit/token-bucket-limiter.js';
import {
  METRIC_METRIC_POINTS_FAILED,
  METRIC_SPANS_DROPPED,
} from '../../instrumentation/telemetry/attributes.js';
import { InProcessReader } from '../../instrumentation/telemetry/in-process-reader.js';
import { BurstMetrics } from '../../services/budget/domain/burst-metrics.js';
import { prometheusNames, type MetricKind } from './prometheus-names.js';

interface Instrument {
  name: string;
  unit: string;
  kind: MetricKind;
}

function kindOf(metric: MetricData): MetricKind {
  if (metric.dataPointType === DataPointType.SUM) return metric.isMonotonic ? 'counter' : 'updowncounter';
  if (metric.dataPointType === DataPointType.GAUGE) return 'gauge';
  return 'histogram';
}

/**
 * The stack's own instruments as the SDK describes them (name, unit, kind): each shared part and
 * budget's burst metrics are made to record once into an in-process reader, so the names and units
 * come from the code, not from a copy of them.
 */
async function stackInstruments(): Promise<Instrument[]> {
  const reader = new InProcessReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  try {
    const limiter = new TokenBucketLimiter({
      name: 'catalogue',
      capacity: 1,
      refillPerSecond: 1,
      redisUrl: undefined,
    });
    await limiter.acquire('a');
    await limiter.acquire('a');
    await limiter.close();
    const cache = new PersistentCache<number>({ name: 'catalogue', ttlMs: 1_000, redis: undefined });
    await cache.getOrSet('k', () => Promise.resolve(1));
    const breakers = new BreakerRegistry({ defaults: { volumeThreshold: 1, errorThresholdPercentage: 1 } });
    await breakers
      .getOrCreate('catalogue')
      .call(() => Promise.reject(new Error('down')))
      .catch(() => undefined);
    const burst = new BurstMetrics();
    burst.fannedOut();
    burst.joined();
    burst.charged([{ provider: 'alpha', status: 'ok', latencyMs: 1, costUsd: 0.01 }]);
    const collected = await reader.read();
    breakers.shutdown();
    return collected.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .map((metric) => ({
        name: metric.descriptor.name,
        unit: metric.descriptor.unit,
        kind: kindOf(metric),
      }));
  } finally {
    await provider.shutdown();
    metrics.disable();
  }
}

/** Recorded by libraries the bootstrap installs, as their current releases name them. */
const LIBRARY_INSTRUMENTS: readonly Instrument[] = [
  // instrumentation-http (stable HTTP semantic conventions)
  { name: METRIC_HTTP_SERVER_REQUEST_DURATION, unit: 's', kind: 'histogram' },
  { name: METRIC_HTTP_CLIENT_REQUEST_DURATION, unit: 's', kind: 'histogram' },
  // instrumentation-runtime-node 0.37
  ...['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'].map((stat): Instrument => ({
    name: `nodejs.eventloop.delay.${stat}`,
    unit: 's',
    kind: 'gauge',
  })),
  { name: 'nodejs.eventloop.utilization', unit: '1', kind: 'gauge' },
  { name: 'nodejs.eventloop.time', unit: 's', kind: 'counter' },
  { name: 'v8js.gc.duration', unit: 's', kind: 'histogram' },
  { name: 'v8js.memory.heap.used', unit: 'By', kind: 'gauge' },
  { name: 'v8js.memory.heap.space.size', unit: 'By', kind: 'updowncounter' },
  { name: 'v8js.memory.heap.space.available_size', unit: 'By', kind: 'gauge' },
  { name: 'v8js.memory.heap.space.physical_size', unit: 'By', kind: 'gauge' },
  { name: 'v8js.resource.active', unit: '{resource}', kind: 'gauge' },
  // The trace SDK's and OTLP exporter's own metrics (sdk-trace 3.1, otlp-exporter-base 0.301)
  { name: 'otel.sdk.processor.span.processed', unit: '{span}', kind: 'counter' },
  { name: 'otel.sdk.processor.span.queue.size', unit: '{span}', kind: 'updowncounter' },
  { name: 'otel.sdk.processor.span.queue.capacity', unit: '{span}', kind: 'updowncounter' },
  { name: 'otel.sdk.exporter.span.exported', unit: '{span}', kind: 'counter' },
  { name: 'otel.sdk.exporter.span.inflight', unit: '{span}', kind: 'updowncounter' },
  { name: 'otel.sdk.exporter.operation.duration', unit: 's', kind: 'histogram' },
  // The bootstrap's own: the bounded span queue's drops and failed metric exports
  { name: METRIC_SPANS_DROPPED, unit: '{span}', kind: 'counter' },
  { name: METRIC_METRIC_POINTS_FAILED, unit: '{data_point}', kind: 'counter' },
];

/** Already in Prometheus form: the collector's own telemetry and its spanmetrics connector's output. */
const COLLECTOR_NAMES: readonly string[] = [
  ...['spans', 'metric_points', 'log_records'].flatMap((signal) => [
    `otelcol_receiver_accepted_${signal}_total`,
    `otelcol_receiver_refused_${signal}_total`,
    `otelcol_exporter_sent_${signal}_total`,
    `otelcol_exporter_send_failed_${signal}_total`,
    `otelcol_exporter_enqueue_failed_${signal}_total`,
  ]),
  'traces_span_metrics_calls_total',
  'traces_span_metrics_duration_seconds_bucket',
  'traces_span_metrics_duration_seconds_count',
  'traces_span_metrics_duration_seconds_sum',
];

/** Every metric name Prometheus holds when the stack runs. */
export async function exportedPrometheusNames(): Promise<Set<string>> {
  const instruments = [...(await stackInstruments()), ...LIBRARY_INSTRUMENTS];
  return new Set([
    ...instruments.flatMap((i) => prometheusNames(i.name, i.unit, i.kind)),
    ...COLLECTOR_NAMES,
  ]);
}
