import { context, SpanKind, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { inSpan, recordFailure } from '../tracing/spans.js';
import {
  ATTR_CACHE_HIT,
  ATTR_CACHE_KEY_HASH,
  ATTR_CACHE_NAME,
  ATTR_CACHE_TIER,
  CACHE_TRACER_NAME,
  SPAN_CACHE_LOOKUP,
} from './attributes.js';
import { spanKeyHash } from './keys.js';

export type CacheTier = 'l1' | 'l2';

/** What one lookup learned: the value and its tier if found, what L2 said, and why it could not help. */
export interface LookupOutcome<T> {
  found: { value: T; tier: CacheTier } | undefined;
  l2: 'hit' | 'miss' | 'corrupt' | 'error' | 'absent';
  error?: Error;
}

const tracer = trace.getTracer(CACHE_TRACER_NAME);

/** Runs one lookup inside an INTERNAL `cache.lookup` span that records its hit, tier and failures. */
export function tracedLookup<T>(
  cacheName: string,
  keyHash: string,
  body: (span: Span) => Promise<LookupOutcome<T>>,
): Promise<LookupOutcome<T>> {
  const attributes = { [ATTR_CACHE_NAME]: cacheName, [ATTR_CACHE_KEY_HASH]: spanKeyHash(keyHash) };
  return inSpan(
    tracer,
    SPAN_CACHE_LOOKUP,
    async (span) => {
      const outcome = await body(span);
      span.setAttribute(ATTR_CACHE_HIT, outcome.found !== undefined);
      span.setAttribute(ATTR_CACHE_TIER, outcome.found?.tier ?? 'none');
      // The lookup still answered (a miss), but a Redis failure or corrupt value belongs in the trace.
      if (outcome.error) recordFailure(span, outcome.error);
      return outcome;
    },
    { kind: SpanKind.INTERNAL, attributes },
  );
}

/**
 * The span of an L1 hit, started and ended at once. Under an unsampled parent there is none to make
 * (its children are never recorded), so none is built.
 */
export function traceL1Hit(cacheName: string, keyHash: string): void {
  const parent = trace.getSpan(context.active());
  if (parent && (parent.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
  tracer
    .startSpan(SPAN_CACHE_LOOKUP, {
      kind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_CACHE_NAME]: cacheName,
        [ATTR_CACHE_KEY_HASH]: spanKeyHash(keyHash),
        [ATTR_CACHE_HIT]: true,
        [ATTR_CACHE_TIER]: 'l1',
      },
    })
    .end();
}
