import { OTLPMetricExporter as OtlpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { MeterProvider } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { readEnum } from '../config/env.js';
import type { SelectingMetricExporter } from './metric-export-accounting.js';

export type OtlpHttpProtocol = 'http/json' | 'http/protobuf';
const PROTOCOLS: readonly OtlpHttpProtocol[] = ['http/json', 'http/protobuf'];

/** The signals this stack exports over OTLP, as they appear in the OTEL_EXPORTER_OTLP_<SIGNAL>_* names. */
export type OtlpSignal = 'TRACES' | 'METRICS';

/**
 * A signal's protocol from OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL. This
 * stack exports over HTTP only: `grpc` is refused at start-up, naming the variable, rather than
 * silently ignored. Default http/protobuf, as the specification and the SDK default it: JSON costs more
 * to encode and to parse, and the collector's maintainers advise against it. http/json stays selectable.
 */
export function readOtlpProtocol(env: NodeJS.ProcessEnv, signal: OtlpSignal): OtlpHttpProtocol {
  const general = readEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS, 'http/protobuf');
  return readEnum(env, `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`, PROTOCOLS, general);
}

/**
 * Both exporters read the endpoint variables themselves (base URL + /v1/traces, or the traces URL).
 * `selfObs` receives the exporter's own `otel.sdk.exporter.span.*` metrics (exported, failed).
 */
export function createTraceExporter(protocol: OtlpHttpProtocol, selfObs?: MeterProvider): SpanExporter {
  const config = { selfObsMeterProvider: selfObs };
  return protocol === 'http/protobuf' ? new OtlpProtobufExporter(config) : new OtlpJsonExporter(config);
}

/** Like the trace exporter: endpoint, headers and temporality come from the OTEL_EXPORTER_OTLP_METRICS_* variables. */
export function createMetricExporter(protocol: OtlpHttpProtocol): SelectingMetricExporter {
  return protocol === 'http/protobuf' ? new OtlpProtobufMetricExporter() : new OtlpJsonMetricExporter();
}
