import type { OtlpTracesJson } from './otlp-json.js';

/**
 * A minimal protobuf reader for OTLP's ExportTraceServiceRequest, so the harness's receiver accepts
 * `http/protobuf` as the collector does. It turns the wire format into the same shape as OTLP/JSON
 * (ids as hex), and only knows the fields the tests read (opentelemetry-proto trace/v1, common/v1).
 */
export type Field = { no: number; wire: number; value: bigint | Uint8Array };

export function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 1) {
      yield { no, wire, value: buf.subarray(pos, pos + 8) };
      pos += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      yield { no, wire, value: buf.subarray(pos, pos + length) };
      pos += length;
    } else if (wire === 5) {
      yield { no, wire, value: buf.subarray(pos, pos + 4) };
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

export const bytes = (f: Field) => f.value as Uint8Array;
export const text = (f: Field) => Buffer.from(bytes(f)).toString('utf8');
const hex = (f: Field) => Buffer.from(bytes(f)).toString('hex');
export const u64 = (f: Field) => Buffer.from(bytes(f)).readBigUInt64LE(0);

type AnyValue = Record<string, unknown>;

function anyValue(buf: Uint8Array): AnyValue {
  for (const f of fields(buf)) {
    if (f.no === 1) return { stringValue: text(f) };
    if (f.no === 2) return { boolValue: f.value !== 0n };
    if (f.no === 3) return { intValue: BigInt.asIntN(64, f.value as bigint).toString() };
    if (f.no === 4) return { doubleValue: Buffer.from(bytes(f)).readDoubleLE(0) };
    if (f.no === 5)
      return {
        arrayValue: {
          values: [...fields(bytes(f))].filter((v) => v.no === 1).map((v) => anyValue(bytes(v))),
        },
      };
    if (f.no === 6) return { kvlistValue: { values: keyValues(bytes(f), 1) } };
    if (f.no === 7) return { bytesValue: Buffer.from(bytes(f)).toString('base64') };
  }
  return {};
}

export function keyValue(buf: Uint8Array) {
  let key = '';
  let value: AnyValue = {};
  for (const f of fields(buf)) {
    if (f.no === 1) key = text(f);
    if (f.no === 2) value = anyValue(bytes(f));
  }
  return { key, value };
}

export function keyValues(buf: Uint8Array, fieldNo: number) {
  return [...fields(buf)].filter((f) => f.no === fieldNo).map((f) => keyValue(bytes(f)));
}

function span(buf: Uint8Array) {
  const out: Record<string, unknown> = { attributes: [], events: [], links: [] };
  for (const f of fields(buf)) {
    if (f.no === 1) out.traceId = hex(f);
    else if (f.no === 2) out.spanId = hex(f);
    else if (f.no === 4 && bytes(f).length > 0) out.parentSpanId = hex(f);
    else if (f.no === 5) out.name = text(f);
    else if (f.no === 6) out.kind = Number(f.value);
    else if (f.no === 7) out.startTimeUnixNano = u64(f).toString();
    else if (f.no === 8) out.endTimeUnixNano = u64(f).toString();
    else if (f.no === 9) (out.attributes as unknown[]).push(keyValue(bytes(f)));
    else if (f.no === 11) {
      const event = { name: '', attributes: [] as unknown[] };
      for (const e of fields(bytes(f))) {
        if (e.no === 2) event.name = text(e);
        if (e.no === 3) event.attributes.push(keyValue(bytes(e)));
      }
      (out.events as unknown[]).push(event);
    } else if (f.no === 13) {
      const link: Record<string, string> = {};
      for (const l of fields(bytes(f))) {
        if (l.no === 1) link.traceId = hex(l);
        if (l.no === 2) link.spanId = hex(l);
      }
      (out.links as unknown[]).push(link);
    } else if (f.no === 15) {
      const status: { code?: number; message?: string } = {};
      for (const st of fields(bytes(f))) {
        if (st.no === 2) status.message = text(st);
        if (st.no === 3) status.code = Number(st.value);
      }
      out.status = status;
    }
  }
  return out;
}

/**
 * The envelope every OTLP export request shares: resources (field 1), each with its attributes (1) and
 * scopes (2), each scope holding its items in field 2 (spans, metrics), decoded by `item`.
 */
export function decodeResources(
  buf: Uint8Array,
  item: (buf: Uint8Array) => unknown,
): Array<{ attributes: ReturnType<typeof keyValues>; scopes: unknown[][] }> {
  return [...fields(buf)]
    .filter((f) => f.no === 1)
    .map((resource) => {
      let attributes: ReturnType<typeof keyValues> = [];
      const scopes: unknown[][] = [];
      for (const f of fields(bytes(resource))) {
        if (f.no === 1) attributes = keyValues(bytes(f), 1);
        if (f.no === 2)
          scopes.push([...fields(bytes(f))].filter((i) => i.no === 2).map((i) => item(bytes(i))));
      }
      return { attributes, scopes };
    });
}

/** ExportTraceServiceRequest bytes → the OTLP/JSON shape parseOtlpJson reads. */
export function decodeTraceRequest(buf: Uint8Array): OtlpTracesJson {
  const resourceSpans = decodeResources(buf, span).map(({ attributes, scopes }) => ({
    resource: { attributes },
    scopeSpans: scopes.map((spans) => ({ spans })),
  }));
  return { resourceSpans } as OtlpTracesJson;
}
