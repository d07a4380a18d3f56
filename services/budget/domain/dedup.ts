import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_BURST_DEDUP_JOINED, SPAN_BURST_DEDUP } from '../attributes.js';

const tracer = trace.getTracer('budget');

/**
 * Concurrent identical bursts share one fan-out: the first caller leads, later callers join its
 * promise. Only the leader's result is charged; joiners are told they joined.
 */
export class BurstDeduplicator<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  joined = 0;
  led = 0;

  run(key: string, work: () => Promise<T>): Promise<{ value: T; joined: boolean }> {
    return tracer.startActiveSpan(SPAN_BURST_DEDUP, async (span) => {
      try {
        const existing = this.inFlight.get(key);
        span.setAttribute(ATTR_BURST_DEDUP_JOINED, existing !== undefined);
        if (existing) {
          this.joined += 1;
          return { value: await existing, joined: true };
        }
        this.led += 1;
        const promise = work().finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, promise);
        return { value: await promise, joined: false };
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}
