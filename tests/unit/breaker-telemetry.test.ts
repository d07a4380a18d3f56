import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  TracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_BREAKER_NAME,
  ATTR_BREAKER_STATE,
  EVENT_BREAKER_STATE_CHANGE,
} from '../../instrumentation/breaker/attributes.js';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';
import type { ServiceBreaker } from '../../instrumentation/breaker/breaker.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager();
const tracer = trace.getTracer('breaker-test');

const ok = () => Promise.resolve('ok');
const boom = () => Promise.reject(new Error('boom'));

/** Runs one breaker call inside its own active span, as a request handler would; settles either way. */
function callInSpan(breaker: ServiceBreaker, spanName: string, fn: () => Promise<string>): Promise<unknown> {
  return tracer.startActiveSpan(spanName, async (span) => {
    try {
      return await breaker.call(fn);
    } catch (error) {
      return error;
    } finally {
      span.end();
    }
  });
}

function stateEvents(spanName: string): string[] {
  const span = exporter.getFinishedSpans().find((s: ReadableSpan) => s.name === spanName);
  if (!span) throw new Error(`no span ${spanName}`);
  return span.events
    .filter((e) => e.name === EVENT_BREAKER_STATE_CHANGE)
    .map((e) => {
      expect(e.attributes?.[ATTR_BREAKER_NAME]).toBe('provider');
      return String(e.attributes?.[ATTR_BREAKER_STATE]);
    });
}

describe('breaker state changes in traces and logs', () => {
  let registry: BreakerRegistry;
  let lines: Array<{ level: number; msg: string; breaker?: string; state?: string }>;

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
  });

  afterEach(() => {
    registry?.shutdown();
    exporter.reset();
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  async function openedBreaker(): Promise<ServiceBreaker> {
    lines = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    registry = new BreakerRegistry({ logger, defaults: { volumeThreshold: 2, resetTimeoutMs: 200 } });
    const breaker = registry.getOrCreate('provider');
    await callInSpan(breaker, 'first', boom);
    await callInSpan(breaker, 'opening', boom);
    return breaker;
  }

  it('when a call opens the breaker, then its span carries the state change and the breaker attributes', async () => {
    await openedBreaker();
    await callInSpan(registry.getOrCreate('provider'), 'refused', ok);

    expect(stateEvents('first')).toEqual([]);
    expect(stateEvents('opening')).toEqual(['open']);
    const refused = exporter.getFinishedSpans().find((s) => s.name === 'refused');
    expect(refused?.attributes).toMatchObject({
      [ATTR_BREAKER_NAME]: 'provider',
      [ATTR_BREAKER_STATE]: 'open',
    });
  });

  it('when the half-open probe succeeds, then the probe span shows half_open then closed', async () => {
    const breaker = await openedBreaker();
    await waitFor(() => (breaker.state === 'half_open' ? true : undefined), {
      timeoutMs: 3_000,
      what: 'half-open',
    });

    await callInSpan(breaker, 'probe', ok);

    expect(stateEvents('probe')).toEqual(['half_open', 'closed']);
    const probe = exporter.getFinishedSpans().find((s) => s.name === 'probe');
    expect(probe?.attributes[ATTR_BREAKER_STATE]).toBe('half_open');
  });

  it('when the half-open probe fails, then the probe span shows half_open then open', async () => {
    const breaker = await openedBreaker();
    await waitFor(() => (breaker.state === 'half_open' ? true : undefined), {
      timeoutMs: 3_000,
      what: 'half-open',
    });

    await callInSpan(breaker, 'probe', boom);

    expect(stateEvents('probe')).toEqual(['half_open', 'open']);
  });

  it('when the breaker opens, half-opens and closes, then it logs a warning, then info lines', async () => {
    const breaker = await openedBreaker();
    await waitFor(() => (breaker.state === 'half_open' ? true : undefined), {
      timeoutMs: 3_000,
      what: 'half-open',
    });
    await callInSpan(breaker, 'probe', ok);

    const changes = lines.filter((l) => l.breaker === 'provider').map((l) => [l.level, l.state]);
    expect(changes).toEqual([
      [40, 'open'],
      [30, 'half_open'],
      [30, 'closed'],
    ]);
  });
});
