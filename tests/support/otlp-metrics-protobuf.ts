import { bytes, decodeResources, fields, keyValue, text, u64, type Field } from './otlp-protobuf.js';
import type { OtlpMetricsJson } from './otlp-metrics-json.js';

/**
 * A minimal protobuf reader for OTLP's ExportMetricsServiceRequest (opentelemetry-proto metrics/v1),
 * turning the wire format into the OTLP/JSON shape, with only the fields the tests read: names, units,
 * sums, gauges and explicit-bucket histograms.
 */

const double = (f: Field) => Buffer.from(bytes(f)).readDoubleLE(0);

/** A repeated fixed64 or double: packed (one length-delimited field) or one field per value. */
function repeated8(f: Field, read: (b: Buffer, offset: number) => number): number[] {
  const buf = Buffer.from(bytes(f));
  const out: number[] = [];
  for (let offset = 0; offset + 8 <= buf.length; offset += 8) out.push(read(buf, offset));
  return out;
}
const fixed64At = (b: Buffer, offset: number) => Number(b.readBigUInt64LE(offset));
const doubleAt = (b: Buffer, offset: number) => b.readDoubleLE(offset);

function numberPoint(buf: Uint8Array) {
  const out: Record<string, unknown> = { attributes: [] };
  for (const f of fields(buf)) {
    if (f.no === 3) out.timeUnixNano = u64(f).toString();
    else if (f.no === 4) out.asDouble = double(f);
    else if (f.no === 6) out.asInt = BigInt.asIntN(64, u64(f)).toString();
    else if (f.no === 7) (out.attributes as unknown[]).push(keyValue(bytes(f)));
  }
  return out;
}

function histogramPoint(buf: Uint8Array) {
  const out = {
    attributes: [] as unknown[],
    timeUnixNano: '0',
    count: '0',
    sum: 0,
    bucketCounts: [] as string[],
    explicitBounds: [] as number[],
  };
  for (const f of fields(buf)) {
    if (f.no === 3) out.timeUnixNano = u64(f).toString();
    else if (f.no === 4) out.count = u64(f).toString();
    else if (f.no === 5) out.sum = double(f);
    else if (f.no === 6) out.bucketCounts.push(...repeated8(f, fixed64At).map(String));
    else if (f.no === 7) out.explicitBounds.push(...repeated8(f, doubleAt));
    else if (f.no === 9) out.attributes.push(keyValue(bytes(f)));
  }
  return out;
}

function points(buf: Uint8Array, decode: (b: Uint8Array) => unknown) {
  const out: Record<string, unknown> = { dataPoints: [] };
  for (const f of fields(buf)) {
    if (f.no === 1) (out.dataPoints as unknown[]).push(decode(bytes(f)));
    else if (f.no === 2) out.aggregationTemporality = Number(f.value);
    else if (f.no === 3) out.isMonotonic = f.value !== 0n;
  }
  return out;
}

function metric(buf: Uint8Array) {
  const out: Record<string, unknown> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) out.name = text(f);
    else if (f.no === 3) out.unit = text(f);
    else if (f.no === 5) out.gauge = points(bytes(f), numberPoint);
    else if (f.no === 7) out.sum = points(bytes(f), numberPoint);
    else if (f.no === 9) out.histogram = points(bytes(f), histogramPoint);
  }
  return out;
}

/** ExportMetricsServiceRequest bytes → the OTLP/JSON shape parseOtlpMetricsJson reads. */
export function decodeMetricsRequest(buf: Uint8Array): OtlpMetricsJson {
  const resourceMetrics = decodeResources(buf, metric).map(({ attributes, scopes }) => ({
    resource: { attributes },
    scopeMetrics: scopes.map((metrics) => ({ metrics })),
  }));
  return { resourceMetrics } as OtlpMetricsJson;
}
