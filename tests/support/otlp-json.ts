/** One span as the tests see it, whichever backend (the harness receiver, Jaeger) delivered it. */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: SpanKindName;
  serviceName: string;
  resource: Record<string, unknown>;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  links: Array<{ traceId: string; spanId: string }>;
  statusCode: number;
  /** The status description, set only with an ERROR status. */
  statusMessage: string | undefined;
  startNs: bigint;
  endNs: bigint;
}

export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
const KINDS: SpanKindName[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}
export interface OtlpKeyValue {
  key: string;
  value?: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: Array<{ name: string; attributes?: OtlpKeyValue[] }>;
  links?: Array<{ traceId: string; spanId: string }>;
  status?: { code?: number | string; message?: string };
}
export interface OtlpTracesJson {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

/** OTLP/JSON ids are hex by the specification; some encoders send base64. Tests compare hex. */
export function normaliseId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (/^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  const hex = Buffer.from(id, 'base64').toString('hex');
  return /^0+$/.test(hex) || hex.length === 0 ? undefined : hex;
}

function value(v: OtlpValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  return v.bytesValue;
}

export function attributes(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, value(kv.value)]));
}

function kind(k: number | string | undefined): SpanKindName {
  if (typeof k === 'number') return KINDS[k] ?? 'unspecified';
  const name = String(k ?? '')
    .replace(/^SPAN_KIND_/, '')
    .toLowerCase();
  return (KINDS as string[]).includes(name) ? (name as SpanKindName) : 'unspecified';
}

function statusCode(code: number | string | undefined): number {
  if (typeof code === 'number') return code;
  return { STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 }[String(code)] ?? 0;
}

/** Flattens an OTLP/JSON ExportTraceServiceRequest (or Jaeger api_v3 `result`) into spans. */
export function parseOtlpJson(body: OtlpTracesJson): CollectedSpan[] {
  const spans: CollectedSpan[] = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = attributes(resourceSpans.resource?.attributes);
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        spans.push({
          traceId: normaliseId(span.traceId) ?? '',
          spanId: normaliseId(span.spanId) ?? '',
          parentSpanId: normaliseId(span.parentSpanId),
          name: span.name,
          kind: kind(span.kind),
          serviceName: String(resource['service.name'] ?? ''),
          resource,
          attributes: attributes(span.attributes),
          events: (span.events ?? []).map((e) => ({ name: e.name, attributes: attributes(e.attributes) })),
          links: (span.links ?? []).map((l) => ({
            traceId: normaliseId(l.traceId) ?? '',
            spanId: normaliseId(l.spanId) ?? '',
          })),
          statusCode: statusCode(span.status?.code),
          statusMessage: span.status?.message || undefined,
          startNs: BigInt(span.startTimeUnixNano ?? 0),
          endNs: BigInt(span.endTimeUnixNano ?? 0),
        });
      }
    }
  }
  return spans;
}
