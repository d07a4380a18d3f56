import { readFileSync } from 'node:fs';
import { trace } from '@opentelemetry/api';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { BoundedSpanProcessor, CountingExporter, type ExportCounters } from './export-accounting.js';
import { createTraceExporter, readTraceProtocol } from './exporter.js';
import { isProbePath } from './probes.js';
import { DeclaredRatioSampler, StackSampler } from './sampler.js';
import { readTelemetrySettings, type TelemetrySettings } from './settings.js';
import { TracerMetrics } from './tracer-metrics.js';

export const SERVICE_NAMESPACE = 'otel-stack';
const ATTR_SERVICE_NAMESPACE = 'service.namespace';
const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';

interface TelemetryState {
  sdk: NodeSDK | undefined;
  settings: TelemetrySettings;
  ratio: DeclaredRatioSampler;
  sampler: StackSampler;
  counters: ExportCounters;
  metrics: TracerMetrics;
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

/** Command and key only: values may carry client data and must not reach a span. */
function redisStatement(command: string, args: Array<string | Buffer | number | unknown>): string {
  if (/^eval/i.test(command) || args.length === 0) return command;
  const first = args[0];
  return typeof first === 'string' ? `${command} ${first}` : command;
}

/**
 * Starts the NodeSDK from the standard OTEL_* variables. Called once, by register.ts, before any
 * application module is imported.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  if (state) return;
  const settings = readTelemetrySettings(env);
  // Unless asked for, metrics and logs exporters would retry an endpoint nobody configured and stall
  // shutdown; this stack exports traces only.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';

  const ratio = new DeclaredRatioSampler();
  const sampler = new StackSampler(ratio);
  const counters: ExportCounters = { exported: 0, exportFailed: 0, dropped: 0, queued: 0 };
  const metrics = new TracerMetrics();
  state = { sdk: undefined, settings, ratio, sampler, counters, metrics };
  if (settings.sdkDisabled) return;

  const exporter = new CountingExporter(createTraceExporter(readTraceProtocol(env)), counters);
  const batch = new BatchSpanProcessor({ exporter, maxQueueSize: settings.maxQueueSize });
  const processors: SpanProcessor[] = [
    metrics,
    new BoundedSpanProcessor(batch, counters, settings.maxQueueSize),
  ];

  const sdk = new NodeSDK({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_VERSION]: packageVersion(),
        [ATTR_SERVICE_NAMESPACE]: SERVICE_NAMESPACE,
        [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: settings.deploymentEnvironment,
      }),
    ),
    spanProcessors: processors,
    ...(settings.samplerFromEnv ? {} : { sampler }),
    spanLimits: { attributeValueLengthLimit: settings.attributeValueLengthLimit },
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isProbePath(request.url),
      }),
      // A span per middleware and router layer would double the spans of every request for little
      // insight; the request handler span carries http.route, and the server span gets it too.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
      }),
      new IORedisInstrumentation({ dbStatementSerializer: redisStatement }),
      new UndiciInstrumentation(),
    ],
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

export function tracerMetrics(): TracerMetrics | undefined {
  return state?.metrics;
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

/** Flushes every pending span, then stops the SDK. Safe to call when telemetry never started. */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = state?.sdk;
  if (!sdk) return;
  state!.sdk = undefined;
  await sdk.shutdown();
}

export function tracer(name = 'otel-stack') {
  return trace.getTracer(name);
}
