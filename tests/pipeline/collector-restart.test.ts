/**
 * A collector restart while a service is under traffic: the collector drains on SIGTERM, and while it
 * is down the service's OTLP exporter gets "connection refused", which the SDK retries with backoff.
 * So every span the service made must reach Jaeger: the test counts one server span per answered
 * request (the spans sent) against the server spans Jaeger stores, and checks each trace is whole.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { request } from '../support/api.js';
import { startStack, type Stack } from '../support/stack.js';
import { traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../support/wait.js';

const SERVICE = 'provider-sim';
const BEFORE = 20;
const AFTER = 20;
const MAX_REQUESTS = 400;

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
      }
    })();
    await waitFor(() => (traceIds.length >= BEFORE ? true : undefined), {
      timeoutMs: 20_000,
      what: `${BEFORE} requests`,
    });
    const duringRestartFrom = traceIds.length;
    await pipeline.restartCollector();
    const duringRestart = traceIds.length - duringRestartFrom;
    state.restarted = true;
    await traffic;

    expect(duringRestart).toBeGreaterThan(0);
    expect(state.afterRestart).toBe(AFTER);
    const stored = [];
    for (const traceId of traceIds) {
      stored.push(
        await waitForTrace(
          pipeline.traces,
          traceId,
          (spans) => spans.some((s) => s.serviceName === SERVICE && s.kind === 'server'),
          30_000,
        ),
      );
    }
    const serverSpans = stored.flat().filter((s) => s.kind === 'server');
    expect(serverSpans.length).toBe(traceIds.length);
    // The same route gives the same tree: a trace that stays smaller than the others lost spans.
    const sizes = await waitFor(
      async () => {
        const now = new Set<number>();
        for (const traceId of traceIds) now.add((await pipeline.traces.spansOfTrace(traceId)).length);
        return now.size === 1 ? [...now] : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'every trace to hold the same number of spans' },
    );
    expect(sizes[0]).toBeGreaterThan(0);
  });
});
