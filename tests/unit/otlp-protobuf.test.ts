import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { parseOtlpJson, type OtlpTracesJson } from '../support/otlp-json.js';
import { decodeTraceRequest } from '../support/otlp-protobuf.js';

describe('the harness receiver’s protobuf decoding', () => {
  it('when the SDK serialises spans as protobuf, then decoding yields what the JSON encoding yields', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'svc', 'service.version': '1.2.3' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const tracer = provider.getTracer('t');
    const parent = tracer.startSpan('parent', {
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/a', n: 42, ok: true, d: 1.5 },
    });
    const child = tracer.startSpan('child', {
      kind: SpanKind.CLIENT,
      links: [{ context: parent.spanContext() }],
      attributes: { list: ['x', 'y'] },
    });
    child.addEvent('breaker.state_change', { 'breaker.state': 'open' });
    child.setStatus({ code: SpanStatusCode.ERROR });
    child.end();
    parent.end();

    const spans = exporter.getFinishedSpans();
    const fromProtobuf = parseOtlpJson(decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!));
    const json = JSON.parse(
      Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString('utf8'),
    ) as OtlpTracesJson;
    const fromJson = parseOtlpJson(json);

    expect(fromProtobuf).toEqual(fromJson);
    expect(fromProtobuf.find((s) => s.name === 'child')).toMatchObject({
      kind: 'client',
      serviceName: 'svc',
      statusCode: 2,
      attributes: { list: ['x', 'y'] },
      events: [{ name: 'breaker.state_change', attributes: { 'breaker.state': 'open' } }],
      links: [{ traceId: parent.spanContext().traceId, spanId: parent.spanContext().spanId }],
    });
    expect(fromProtobuf.find((s) => s.name === 'parent')?.attributes).toEqual({
      'http.route': '/a',
      n: 42,
      ok: true,
      d: 1.5,
    });
  });
});
