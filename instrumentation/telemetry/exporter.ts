import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { readEnum } from '../config/env.js';

export type OtlpHttpProtocol = 'http/json' | 'http/protobuf';
const PROTOCOLS: readonly OtlpHttpProtocol[] = ['http/json', 'http/protobuf'];

/**
 * The trace protocol from OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL. This
 * stack exports over HTTP only: `grpc` is refused at start-up, naming the variable, rather than
 * silently ignored. Default http/protobuf, as the specification and the SDK default it: JSON costs more
 * to encode and to parse, and the collector's maintainers advise against it. http/json stays selectable.
 */
export function readTraceProtocol(env: NodeJS.ProcessEnv): OtlpHttpProtocol {
  const general = readEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS, 'http/protobuf');
  return readEnum(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', PROTOCOLS, general);
}

/** Both exporters read the endpoint variables themselves (base URL + /v1/traces, or the traces URL). */
export function createTraceExporter(protocol: OtlpHttpProtocol): SpanExporter {
  return protocol === 'http/protobuf' ? new OtlpProtobufExporter() : new OtlpJsonExporter();
}
