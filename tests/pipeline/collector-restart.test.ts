/**
 * A collector restart while a service is under traffic: the restart comes while the collector holds
 * spans it accepted but has not yet exported (its batch waits up to 1 s), which it must flush on
 * SIGTERM; while it is down the service's OTLP exporter gets "connection refused", which the SDK
 * retries with backoff. So every span the service made must reach Jaeger: the test counts one server
 * span per answered request (the spans sent) against the server spans Jaeger stores, and checks each
 * trace is whole. (Killed with SIGKILL instead, the collector loses the held spans and this fails.)
 */
import { pipelineTraces } from '../support/pipeline.js';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { request } from '../support/api.js';
import { counterTotal } from '../support/prometheus-text.js';
import { startStack, type Stack } from '../support/stack.js';
import { traceIdOf } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const SERVICE = 'provider-sim';
const BEFORE = 20;
const AFTER = 20;
const MAX_REQUESTS = 1000;
// A steady trickle, not a flood: each export then carries fewer spans than the collector's batch size
// (512), so the collector holds them for up to its 1 s batch timeout, which is what a restart must flush.
const PACE_MS = 25;
const JAEGER_EXPORTER = 'otlp_grpc/jaeger';

describe('a collector restart under traffic', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ services: [SERVICE], telemetry: 'pipeline' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('when the collector restarts while requests flow, then Jaeger stores every span the service sent', async () => {
    onTestFailed(() => console.log(stack.logs()));
    const pipeline = stack.pipeline!;
    const traceIds: string[] = [];
    const state = { restarted: false, afterRestart: 0 };

    // Sequential requests, so the count is exact; the restart runs beside them.
    const traffic = (async () => {
      while (traceIds.length < MAX_REQUESTS && state.afterRestart < AFTER) {
        const res = await request(`${stack.url(SERVICE)}/v1/providers`);
        expect(res.status).toBe(200);
        traceIds.push(traceIdOf(res.headers.get('traceresponse')));
        if (state.restarted) state.afterRestart++;
        await delay(PACE_MS);
      }
    })();
    await waitFor(() => (traceIds.length >= BEFORE ? true : undefined), {
      timeoutMs: 20_000,
      what: `${BEFORE} requests`,
    });
    // Spans accepted but not yet sent to Jaeger: what a careless stop would lose.
    await waitFor(
      async () => {
        const metrics = await (await fetch(pipeline.collectorMetricsUrl)).text();
        const accepted = counterTotal(metrics, 'otelcol_receiver_accepted_spans');
        const sent = counterTotal(metrics, 'otelcol_exporter_sent_spans', { exporter: JAEGER_EXPORTER });
        return accepted > sent ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 20, what: 'the collector to hold spans not yet exported' },
    );
    const duringRestartFrom = traceIds.length;
    await pipeline.restartCollector();
    const duringRestart = traceIds.length - duringRestartFrom;
    state.restarted = true;
    await traffic;

    expect(duringRestart).toBeGreaterThan(0);
    expect(state.afterRestart).toBe(AFTER);
    // Sent: one server span per answered request. Stored: the server spans Jaeger returns for them.
    const storedServerSpans = async () => {
      let count = 0;
      for (const traceId of traceIds) {
        const spans = await pipelineTraces(pipeline).spansOfTrace(traceId);
        count += spans.filter((s) => s.serviceName === SERVICE && s.kind === 'server').length;
      }
      return count;
    };
    let stored = 0;
    await waitFor(
      async () => {
        stored = await storedServerSpans();
        return stored === traceIds.length ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'every server span in Jaeger' },
    ).catch(() => undefined);
    expect({ sent: traceIds.length, stored }).toEqual({ sent: traceIds.length, stored: traceIds.length });
    // The same route gives the same tree: a trace that stays smaller than the others lost spans.
    const sizes = await waitFor(
      async () => {
        const now = new Set<number>();
        for (const traceId of traceIds)
          now.add((await pipelineTraces(pipeline).spansOfTrace(traceId)).length);
        return now.size === 1 ? [...now] : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'every trace to hold the same number of spans' },
    );
    expect(sizes[0]).toBeGreaterThan(0);
  }, 120_000);
});
