import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { TracerMetrics } from '../../instrumentation/telemetry/tracer-metrics.js';

function setup(now: () => number) {
  const metrics = new TracerMetrics(now);
  const provider = new TracerProvider({ spanProcessors: [metrics] });
  return { metrics, tracer: provider.getTracer('test') };
}

describe('tracer metrics span processor', () => {
  it('when server spans finish, then totals, error rate and per-route percentiles are aggregated', () => {
    let clock = 1_000_000;
    const { metrics, tracer } = setup(() => clock);
    for (let i = 1; i <= 100; i += 1) {
      const span = tracer.startSpan('GET /a', { kind: SpanKind.SERVER, startTime: 0 });
      span.setAttribute('http.route', '/a');
      span.setAttribute('http.response.status_code', i <= 10 ? 500 : 200);
      span.end(i); // i ms long
    }
    const client = tracer.startSpan('GET upstream', { kind: SpanKind.CLIENT });
    client.setStatus({ code: SpanStatusCode.ERROR });
    client.end();
    clock += 10_000;

    const snapshot = metrics.snapshot();
    expect(snapshot.totalRequests).toBe(100);
    expect(snapshot.errorRate).toBe(0.1);
    expect(snapshot.routes['/a']).toMatchObject({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
    expect(snapshot.requestsPerSecond).toBeGreaterThan(0);
  });

  it('when requests are older than a minute, then they leave the requests-per-second window', () => {
    let clock = 5_000_000;
    const { metrics, tracer } = setup(() => clock);
    for (let i = 0; i < 60; i += 1) tracer.startSpan('s', { kind: SpanKind.SERVER }).end();
    clock += 30_000;
    expect(metrics.snapshot().requestsPerSecond).toBe(2);
    clock += 61_000;
    expect(metrics.snapshot().requestsPerSecond).toBe(0);
    expect(metrics.snapshot().totalRequests).toBe(60);
  });

  it('when routes explode in number, then memory stays bounded under "other"', () => {
    const { metrics, tracer } = setup(Date.now);
    for (let i = 0; i < 500; i += 1) {
      const span = tracer.startSpan('s', { kind: SpanKind.SERVER });
      span.setAttribute('http.route', `/r/${i}`);
      span.end();
    }
    expect(Object.keys(metrics.snapshot().routes).length).toBeLessThanOrEqual(201);
    expect(trace).toBeDefined();
  });
});
