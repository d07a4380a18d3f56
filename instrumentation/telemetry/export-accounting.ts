import type { Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Counters the observability endpoint shows: what left the process and what was given up. */
export interface ExportCounters {
  exported: number;
  exportFailed: number;
  dropped: number;
  queued: number;
}

/**
 * Counts spans the exporter delivered or failed, and tells the processor how many left its queue.
 */
export class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly counters: ExportCounters,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.counters.exported += spans.length;
      else this.counters.exportFailed += spans.length;
      this.counters.queued = Math.max(0, this.counters.queued - spans.length);
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * Puts a hard bound in front of a batch processor: a sampled span that would exceed `maxQueued` spans
 * waiting for export is dropped and counted here, so memory stays bounded when the collector is away
 * and the drop is visible instead of a debug log line.
 */
export class BoundedSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly counters: ExportCounters,
    private readonly maxQueued: number,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & 1) === 0) return;
    if (this.counters.queued >= this.maxQueued) {
      this.counters.dropped += 1;
      return;
    }
    this.counters.queued += 1;
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
