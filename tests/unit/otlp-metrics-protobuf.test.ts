import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { InProcessReader } from '../../instrumentation/telemetry/in-process-reader.js';
import { parseOtlpMetricsJson, type OtlpMetricsJson } from '../support/otlp-metrics-json.js';
import { decodeMetricsRequest } from '../support/otlp-metrics-protobuf.js';

describe('the harness receiver’s metrics protobuf decoding', () => {
  it('when the SDK serialises a counter, a gauge and a histogram as protobuf, then decoding yields what the JSON encoding yields', async () => {
    const reader = new InProcessReader();
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'svc' }),
      readers: [reader],
    });
    const meter = provider.getMeter('m');
    meter.createCounter('c', { unit: '{decision}' }).add(3, { outcome: 'limited', fallback: false });
    meter.createUpDownCounter('u').add(-2);
    meter.createObservableGauge('g', { unit: 'By' }).addCallback((r) => r.observe(1.5, { cache: 'x' }));
    const histogram = meter.createHistogram('h', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1] },
    });
    for (const v of [0.05, 0.5, 0.7, 3]) histogram.record(v, { route: '/a' });

    const collected = await reader.read();
    const fromProtobuf = parseOtlpMetricsJson(
      decodeMetricsRequest(ProtobufMetricsSerializer.serializeRequest(collected)!),
    );
    const json = JSON.parse(
      Buffer.from(JsonMetricsSerializer.serializeRequest(collected)!).toString('utf8'),
    ) as OtlpMetricsJson;
    const fromJson = parseOtlpMetricsJson(json);
    await provider.shutdown();

    expect(fromProtobuf).toEqual(fromJson);
    const byName = Object.fromEntries(fromProtobuf.map((p) => [p.metric, p]));
    expect(byName.c).toMatchObject({
      kind: 'sum',
      value: 3,
      unit: '{decision}',
      attributes: { outcome: 'limited', fallback: false },
    });
    expect(byName.u).toMatchObject({ kind: 'sum', value: -2 });
    expect(byName.g).toMatchObject({ kind: 'gauge', value: 1.5, serviceName: 'svc' });
    expect(byName.h).toMatchObject({
      kind: 'histogram',
      value: 4,
      unit: 's',
      bucketCounts: [1, 2, 1],
      explicitBounds: [0.1, 1],
      attributes: { route: '/a' },
    });
    expect(byName.h?.sum).toBeCloseTo(4.25, 6);
  });
});
