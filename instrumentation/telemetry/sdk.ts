import { readFileSync } from 'node:fs';
import { metrics, type MeterProvider } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { METRIC_SPANS_DROPPED, TELEMETRY_METER_NAME } from './attributes.js';
import { ClientAddressScrubber } from './client-address-scrubber.js';
import { BoundedSpanProcessor, CountingExporter, type ExportCounters } from './export-accounting.js';
import { createTraceExporter, readOtlpProtocol } from './exporter.js';
import { stackInstrumentations } from './instrumentations.js';
import { createStackMeters, type StackMeters } from './meter-provider.js';
import { DeclaredRatioSampler, StackSampler } from './sampler.js';
import { readTelemetrySettings, type TelemetrySettings } from './settings.js';

export const SERVICE_NAMESPACE = 'otel-stack';
const ATTR_SERVICE_NAMESPACE = 'service.namespace';
const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';

interface TelemetryState {
  sdk: NodeSDK | undefined;
  settings: TelemetrySettings;
  ratio: DeclaredRatioSampler;
  sampler: StackSampler;
  counters: ExportCounters;
  meters: StackMeters | undefined;
}

let state: TelemetryState | undefined;

/** The stack's version from the root package.json: `service.version` on every span. */
export function packageVersion(): string {
  // dist/instrumentation/telemetry/sdk.js sits three levels below the root, the .ts source two.
  for (const relative of ['../../../package.json', '../../package.json']) {
    try {
      const text = readFileSync(new URL(relative, import.meta.url), 'utf8');
      const parsed = JSON.parse(text) as { name?: string; version?: string };
      if (parsed.name === 'otel-stack' && parsed.version) return parsed.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

/**
 * The stack's defaults, then what the standard detectors find (OTEL_RESOURCE_ATTRIBUTES and
 * OTEL_SERVICE_NAME win, as the NodeSDK would merge them). Built once, so traces and metrics carry
 * the same resource, service.instance.id included.
 */
function stackResource(settings: TelemetrySettings): Resource {
  const defaults = defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_VERSION]: packageVersion(),
      [ATTR_SERVICE_NAMESPACE]: SERVICE_NAMESPACE,
      [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: settings.deploymentEnvironment,
    }),
  );
  const detected = detectResources({
    detectors: [serviceInstanceIdDetector, processDetector, hostDetector, osDetector, envDetector],
  });
  return defaults.merge(detected);
}

/** The bounded queue's drops as an instrument: read when collected, nothing on the span path. */
function observeDrops(provider: MeterProvider, counters: ExportCounters): void {
  provider
    .getMeter(TELEMETRY_METER_NAME)
    .createObservableCounter(METRIC_SPANS_DROPPED, {
      unit: '{span}',
      description: 'Sampled spans dropped because the export queue was full.',
    })
    .addCallback((result) => result.observe(counters.dropped));
}

/**
 * Starts the NodeSDK from the standard OTEL_* variables. Called once, by register.ts, before any
 * application module is imported.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  if (state) return;
  const settings = readTelemetrySettings(env);
  // Unless asked for, a logs exporter would retry an endpoint nobody configured and stall shutdown.
  env.OTEL_LOGS_EXPORTER ??= 'none';

  const ratio = new DeclaredRatioSampler();
  const sampler = new StackSampler(ratio);
  const counters: ExportCounters = { exported: 0, exportFailed: 0, dropped: 0, queued: 0 };
  state = { sdk: undefined, settings, ratio, sampler, counters, meters: undefined };
  if (settings.sdkDisabled) return;

  const resource = stackResource(settings);
  const meters = settings.metricsExporter === 'none' ? undefined : createStackMeters(resource, settings, env);
  state.meters = meters;
  if (meters) {
    // Set before the SDK starts: registering the instrumentations hands them the global provider.
    metrics.setGlobalMeterProvider(meters.provider);
    observeDrops(meters.provider, counters);
  }
  const selfObs = meters?.provider;
  const exporter = new CountingExporter(
    createTraceExporter(readOtlpProtocol(env, 'TRACES'), selfObs),
    counters,
  );
  const batch = new BatchSpanProcessor({
    exporter,
    maxQueueSize: settings.maxQueueSize,
    scheduledDelayMillis: settings.scheduledDelayMs,
    exportTimeoutMillis: settings.exportTimeoutMs,
    maxExportBatchSize: settings.maxExportBatchSize,
    selfObsMeterProvider: selfObs,
  });
  // The scrubber first: it edits a span as it ends, before the bounded queue hands it to export.
  const processors: SpanProcessor[] = [
    new ClientAddressScrubber(),
    new BoundedSpanProcessor(batch, counters, settings.maxQueueSize),
  ];

  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    // The MeterProvider is built above; an empty list keeps the SDK from building a second one from env.
    metricReaders: [],
    spanProcessors: processors,
    ...(settings.samplerFromEnv ? {} : { sampler }),
    spanLimits: { attributeValueLengthLimit: settings.attributeValueLengthLimit },
    instrumentations: stackInstrumentations(settings.httpInstrumentation, meters !== undefined),
  });
  sdk.start();
  state.sdk = sdk;
}

/**
 * A service's declared sampling default (e.g. the gateway samples 10%). Ignored when
 * OTEL_TRACES_SAMPLER is set: the standard variables always win.
 */
export function declareSampling(options: { ratio: number; trustRemoteParent?: boolean }): void {
  if (!state) return;
  state.ratio.setRatio(options.ratio);
  state.sampler.setTrustRemoteParent(options.trustRemoteParent ?? true);
}

/** One collection from the in-process reader; undefined when metrics are off or telemetry never started. */
export async function collectMetrics(): Promise<ResourceMetrics | undefined> {
  return state?.meters?.reader.read();
}

export function exportCounters(): Readonly<ExportCounters> {
  return state?.counters ?? { exported: 0, exportFailed: 0, dropped: 0, queued: 0 };
}

export function samplingDescription(): string {
  if (!state) return 'telemetry not started';
  if (state.settings.sdkDisabled) return 'disabled (OTEL_SDK_DISABLED)';
  if (state.settings.samplerFromEnv) return `from OTEL_TRACES_SAMPLER=${process.env.OTEL_TRACES_SAMPLER}`;
  return `parent-based ratio ${state.ratio.getRatio()}`;
}

/**
 * Flushes every pending span, then exports the metrics one last time and stops both providers. Safe
 * to call when telemetry never started.
 */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = state?.sdk;
  if (!sdk) return;
  state!.sdk = undefined;
  await sdk.shutdown();
  await state?.meters?.provider.shutdown();
}
