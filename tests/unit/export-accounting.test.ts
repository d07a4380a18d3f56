import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  TracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import {
  BoundedSpanProcessor,
  CountingExporter,
  type ExportCounters,
} from '../../instrumentation/telemetry/export-accounting.js';

/** An exporter that holds every batch until released: a collector that is away. */
class StalledExporter implements SpanExporter {
  readonly pending: Array<() => void> = [];
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.pending.push(() => done({ code: ExportResultCode.SUCCESS }));
  }
  shutdown() {
    return Promise.resolve();
  }
}

describe('bounded export accounting', () => {
  it('when the exporter stalls, then spans past the bound are dropped and counted, and memory stays bounded', () => {
    const counters: ExportCounters = { exported: 0, exportFailed: 0, dropped: 0, queued: 0 };
    const stalled = new StalledExporter();
    const processor = new BoundedSpanProcessor(
      new SimpleSpanProcessor({ exporter: new CountingExporter(stalled, counters) }),
      counters,
      10,
    );
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('t');
    for (let i = 0; i < 25; i += 1) tracer.startSpan('s', { kind: SpanKind.INTERNAL }).end();
    expect(counters.queued).toBe(10);
    expect(counters.dropped).toBe(15);

    for (const release of stalled.pending) release();
    expect(counters.exported).toBe(10);
    expect(counters.queued).toBe(0);
  });
});
