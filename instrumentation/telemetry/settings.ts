import { readBoolean, readEnum, readInt, readOptionalString, readString } from '../config/env.js';

/** What the bootstrap reads from the standard OTEL_* variables before any app code runs. */
export interface TelemetrySettings {
  serviceName: string;
  sdkDisabled: boolean;
  /** Set when OTEL_TRACES_SAMPLER is given: the standard variables then decide sampling, not the service. */
  samplerFromEnv: boolean;
  attributeValueLengthLimit: number;
  maxQueueSize: number;
  /** OTEL_BSP_SCHEDULE_DELAY: ms between two span exports (the batch processor no longer reads it itself). */
  scheduledDelayMs: number;
  /** OTEL_BSP_EXPORT_TIMEOUT: ms one span export may take. */
  exportTimeoutMs: number;
  /** OTEL_BSP_MAX_EXPORT_BATCH_SIZE, never above the queue size. */
  maxExportBatchSize: number;
  deploymentEnvironment: string;
  /** `otlp` exports metrics; `none` builds no MeterProvider at all (the endpoints then report no request figures). */
  metricsExporter: MetricsExporterName;
  /** OTEL_METRIC_EXPORT_INTERVAL: ms between two exports. */
  metricExportIntervalMs: number;
  /** OTEL_METRIC_EXPORT_TIMEOUT, never longer than the interval (the reader refuses that). */
  metricExportTimeoutMs: number;
  /**
   * OTEL_STACK_HTTP_INSTRUMENTATION: `lean` (the default) traces incoming requests with the project's
   * own server and Express-route instrumentation; `contrib` with instrumentation-http and
   * instrumentation-express. Both produce the same spans and metrics (see the README).
   */
  httpInstrumentation: HttpInstrumentationMode;
}

export type MetricsExporterName = 'otlp' | 'none';
const METRICS_EXPORTERS: readonly MetricsExporterName[] = ['otlp', 'none'];
export type HttpInstrumentationMode = 'lean' | 'contrib';
const HTTP_INSTRUMENTATION_MODES: readonly HttpInstrumentationMode[] = ['lean', 'contrib'];

const DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT = 4096;
const DEFAULT_BSP_MAX_QUEUE_SIZE = 2048;
// The specification's defaults for the batch span processor.
const DEFAULT_BSP_SCHEDULE_DELAY_MS = 5000;
const DEFAULT_BSP_EXPORT_TIMEOUT_MS = 30_000;
const DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE = 512;
// The specification's defaults.
const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 60_000;
const DEFAULT_METRIC_EXPORT_TIMEOUT_MS = 30_000;

export function readTelemetrySettings(env: NodeJS.ProcessEnv): TelemetrySettings {
  const maxQueueSize = readInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', DEFAULT_BSP_MAX_QUEUE_SIZE, { min: 1 });
  const metricExportIntervalMs = readInt(
    env,
    'OTEL_METRIC_EXPORT_INTERVAL',
    DEFAULT_METRIC_EXPORT_INTERVAL_MS,
    { min: 1 },
  );
  return {
    serviceName: readString(env, 'OTEL_SERVICE_NAME'),
    sdkDisabled: readBoolean(env, 'OTEL_SDK_DISABLED', false),
    samplerFromEnv: readOptionalString(env, 'OTEL_TRACES_SAMPLER') !== undefined,
    attributeValueLengthLimit: readInt(
      env,
      'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT,
      { min: 1 },
    ),
    maxQueueSize,
    scheduledDelayMs: readInt(env, 'OTEL_BSP_SCHEDULE_DELAY', DEFAULT_BSP_SCHEDULE_DELAY_MS, { min: 0 }),
    exportTimeoutMs: readInt(env, 'OTEL_BSP_EXPORT_TIMEOUT', DEFAULT_BSP_EXPORT_TIMEOUT_MS, { min: 1 }),
    maxExportBatchSize: Math.min(
      maxQueueSize,
      readInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE, { min: 1 }),
    ),
    deploymentEnvironment: readString(env, 'DEPLOYMENT_ENVIRONMENT', env.NODE_ENV ?? 'development'),
    metricsExporter: readEnum(env, 'OTEL_METRICS_EXPORTER', METRICS_EXPORTERS, 'otlp'),
    metricExportIntervalMs,
    metricExportTimeoutMs: Math.min(
      metricExportIntervalMs,
      readInt(env, 'OTEL_METRIC_EXPORT_TIMEOUT', DEFAULT_METRIC_EXPORT_TIMEOUT_MS, { min: 1 }),
    ),
    httpInstrumentation: readEnum(env, 'OTEL_STACK_HTTP_INSTRUMENTATION', HTTP_INSTRUMENTATION_MODES, 'lean'),
  };
}
