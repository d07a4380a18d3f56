/**
 * One burst through the real pipeline, end to end: its trace in Jaeger holds every service the burst
 * crossed; the collector's spanmetrics connector turns those spans into series in Prometheus; and
 * Jaeger's Monitor API (what the Monitor tab draws) reads them back from Prometheus.
 */
import { pipelineTraces } from '../support/pipeline.js';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { burst, uniquePrompt } from '../support/api.js';
import { startStack, type Stack } from '../support/stack.js';
import { traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const SERVICES = ['web', 'budget', 'provider-sim'];
const CALLS = 'traces_span_metrics_calls_total';
const DURATION_BUCKETS = 'traces_span_metrics_duration_milliseconds_bucket';

interface PromVector {
  data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

async function promQuery(baseUrl: string, query: string): Promise<PromVector['data']['result']> {
  const res = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  if (!res.ok) throw new Error(`Prometheus answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as PromVector).data.result;
}

describe('a burst through the real pipeline', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ services: SERVICES, telemetry: 'pipeline' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('when a burst crosses web, budget and provider-sim, then Jaeger holds one trace with all three', async () => {
    onTestFailed(() => console.log(stack.logs()));
    const res = await burst(stack.url('web'), { prompt: uniquePrompt('pipeline'), providers: ['alpha'] });
    expect(res.status).toBe(200);
    const spans = await waitForTrace(
      pipelineTraces(stack.pipeline!),
      traceIdOf(res.headers.get('traceresponse')),
      (s) => SERVICES.every((name) => s.some((x) => x.serviceName === name && x.kind === 'server')),
    );
    expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(SERVICES));
  });

  it('when services have served requests, then their span metrics are in Prometheus and in Jaeger Monitor', async () => {
    onTestFailed(() => console.log(stack.logs()));
    const pipeline = stack.pipeline!;
    await burst(stack.url('web'), { prompt: uniquePrompt('metrics'), providers: ['beta'] });

    const calls = await waitFor(
      async () => {
        const result = await promQuery(pipeline.prometheusUrl, `${CALLS}{span_kind="SPAN_KIND_SERVER"}`);
        const services = new Set(result.map((r) => r.metric.service_name));
        return SERVICES.every((s) => services.has(s)) ? result : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `${CALLS} for ${SERVICES.join(', ')}` },
    );
    expect(calls.find((r) => r.metric.service_name === 'web')!.metric).toMatchObject({
      span_name: expect.any(String),
      status_code: expect.any(String),
    });
    const buckets = await promQuery(pipeline.prometheusUrl, `${DURATION_BUCKETS}{service_name="budget"}`);
    expect(buckets.length).toBeGreaterThan(0);

    // Jaeger's metrics API: the call rate of web, computed by Jaeger from Prometheus' series.
    const monitor = await waitFor(
      async () => {
        const params = new URLSearchParams({
          service: 'web',
          endTs: String(Date.now()),
          lookback: String(5 * 60_000),
          step: String(5_000),
          ratePer: String(60_000),
          spanKind: 'server',
        });
        const res = await fetch(`${pipeline.jaegerUrl}/api/metrics/calls?${params}`);
        if (!res.ok) throw new Error(`Jaeger metrics answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as { metrics?: Array<{ metricPoints?: unknown[] }> };
        return body.metrics?.some((m) => (m.metricPoints ?? []).length > 0) ? body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: "Jaeger's call rate for web" },
    );
    expect(monitor.metrics!.length).toBeGreaterThan(0);
  });
});
