import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../instrumentation/errors.js';
import { inSpan, isServerFault } from '../../instrumentation/tracing/spans.js';

const exporter = new InMemorySpanExporter();
const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('t');

async function settle(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

function only() {
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('the business span helper', () => {
  afterEach(() => exporter.reset());

  it('when the body succeeds, then the span ends unset with no error type and the value comes back', async () => {
    await expect(inSpan(tracer, 'work', (span) => (span.setAttribute('x', 1), 42))).resolves.toBe(42);
    const span = only();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.attributes.x).toBe(1);
  });

  it('when an unexpected error is thrown, then it is recorded with ERROR status, its name as error.type, and rethrown', async () => {
    const thrown = await settle(inSpan(tracer, 'work', () => Promise.reject(new TypeError('bug'))));
    expect(thrown).toBeInstanceOf(TypeError);
    const span = only();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('when an AppError answers 5xx, then error.type is its code', async () => {
    await settle(inSpan(tracer, 'work', () => Promise.reject(new AppError(503, 'store_unavailable', 'x'))));
    const span = only();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('store_unavailable');
  });

  it("when an AppError answers 4xx, then it is the caller's fault: rethrown, the span unmarked", async () => {
    const thrown = await settle(
      inSpan(tracer, 'work', () => Promise.reject(new AppError(404, 'not_found', 'x'))),
    );
    expect((thrown as AppError).code).toBe('not_found');
    const span = only();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.events).toHaveLength(0);
  });

  it('when the fault line is drawn, then 499 is the caller and 500 the service', () => {
    expect(isServerFault(new AppError(499, 'c', 'x'))).toBe(false);
    expect(isServerFault(new AppError(500, 's', 'x'))).toBe(true);
    expect(isServerFault('a string')).toBe(true);
  });
});
