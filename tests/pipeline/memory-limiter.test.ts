/**
 * The collector's memory_limiter, run for real: with a limit far below what the process already uses,
 * every batch is refused with a status the OTLP SDKs retry, the collector counts the refusals, and it
 * keeps running and answering its health check instead of crashing.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { newSpanId, newTraceId, sendSpans, type ProbeSpan } from '../support/otlp-sender.js';
import { Pipeline } from '../support/pipeline.js';
import { counterTotal } from '../support/prometheus-text.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

// Merged over otel-collector.yaml: a 4 MiB limit, which a running collector's heap always exceeds.
const TINY_LIMIT = `
processors:
  memory_limiter:
    limit_percentage: 0
    spike_limit_percentage: 0
    limit_mib: 4
    spike_limit_mib: 1
`;
// OTLP/HTTP: 429, 502, 503 and 504 are the statuses a client must retry (OTLP specification).
const RETRYABLE = [429, 502, 503, 504];
const BATCHES = 50;
const SPANS_PER_BATCH = 200;

const batch = (): ProbeSpan[] =>
  Array.from({ length: SPANS_PER_BATCH }, () => ({
    traceId: newTraceId(),
    spanId: newSpanId(),
    name: 'pressure',
    attributes: { 'probe.padding': 'x'.repeat(512) },
  }));

describe('the collector under memory pressure', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ collectorOverlay: TINY_LIMIT });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('when memory is over the limit, then data is refused with a retryable status and the collector lives on', async () => {
    onTestFailed(() => console.log(pipeline.logs()));
    // memory_limiter checks every check_interval (1 s): wait until it has seen the heap over the limit.
    await waitFor(
      async () => {
        const status = await sendSpans(pipeline.endpoint, 'pressure-probe', batch());
        return RETRYABLE.includes(status) ? status : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, what: 'the first refusal' },
    );

    const statuses: number[] = [];
    for (let i = 0; i < BATCHES; i++)
      statuses.push(await sendSpans(pipeline.endpoint, 'pressure-probe', batch()));

    expect(statuses.filter((s) => !RETRYABLE.includes(s))).toEqual([]);
    expect(pipeline.collector.running).toBe(true);
    const health = await fetch(pipeline.collectorHealthUrl);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(pipeline.collectorMetricsUrl)).text();
    expect(counterTotal(metrics, 'otelcol_processor_memory_limiter_refused_spans')).toBeGreaterThanOrEqual(
      BATCHES * SPANS_PER_BATCH,
    );
  });
});
