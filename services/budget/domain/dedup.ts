import { trace } from '@opentelemetry/api';
import { inSpan } from '../../../instrumentation/index.js';
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
    return inSpan(tracer, SPAN_BURST_DEDUP, async (span) => {
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
    });
  }
}
