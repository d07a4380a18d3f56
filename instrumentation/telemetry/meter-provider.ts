import type { Resource } from '@opentelemetry/resources';
import {
  AggregationType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type IMetricReader,
} from '@opentelemetry/sdk-metrics';
import { METRIC_HTTP_SERVER_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';
import { createMetricExporter, readOtlpProtocol } from './exporter.js';
import { InProcessReader } from './in-process-reader.js';
import { CountingMetricExporter } from './metric-export-accounting.js';
import type { TelemetrySettings } from './settings.js';

/**
 * Server duration buckets in seconds. The http instrumentation's advice starts at 5 ms, which would put
 * every request of this stack's fast routes in the first bucket; the endpoint's percentiles are
 * interpolated inside a bucket, so 1 ms and 2.5 ms boundaries are added below it.
 */
const SERVER_DURATION_BOUNDARIES: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

export interface StackMeters {
  provider: MeterProvider;
  reader: InProcessReader;
}

/**
 * The MeterProvider: the in-process reader the endpoints read, plus the periodic OTLP export unless
 * OTEL_METRICS_EXPORTER=none. Built before the NodeSDK starts so the span processor and exporter can
 * record their own metrics to it.
 */
export function createStackMeters(
  resource: Resource,
  settings: TelemetrySettings,
  env: NodeJS.ProcessEnv,
): StackMeters {
  const reader = new InProcessReader();
  const readers: IMetricReader[] = [reader];
  const exporter =
    settings.metricsExporter === 'otlp'
      ? new CountingMetricExporter(createMetricExporter(readOtlpProtocol(env, 'METRICS')))
      : undefined;
  if (exporter) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: settings.metricExportIntervalMs,
        exportTimeoutMillis: settings.metricExportTimeoutMs,
      }),
    );
  }
  const provider = new MeterProvider({
    resource,
    readers,
    views: [
      {
        instrumentName: METRIC_HTTP_SERVER_REQUEST_DURATION,
        aggregation: {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { boundaries: [...SERVER_DURATION_BOUNDARIES] },
        },
      },
    ],
  });
  exporter?.observe(provider);
  return { provider, reader };
}
