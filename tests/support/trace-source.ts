import type { CollectedSpan } from './otlp-json.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

/**
 * Where the tests read exported spans from: the harness's own OTLP receiver for local processes, or
 * Jaeger's query API for the compose stack. Tests only see this interface.
 */
export interface TraceSource {
  spansOfTrace(traceId: string): Promise<CollectedSpan[]>;
}

/** Waits until the trace's spans satisfy `ready` (e.g. every expected service reported). */
export function waitForTrace(
  source: TraceSource,
  traceId: string,
  ready: (spans: CollectedSpan[]) => boolean,
  timeoutMs = 15_000,
): Promise<CollectedSpan[]> {
  return waitFor(
    async () => {
      const spans = await source.spansOfTrace(traceId);
      return spans.length > 0 && ready(spans) ? spans : undefined;
    },
    { timeoutMs, intervalMs: 100, what: `trace ${traceId}` },
  );
}

/** The chain of ancestors from `span` up to the root, nearest first. */
export function ancestorsOf(spans: CollectedSpan[], span: CollectedSpan): CollectedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: CollectedSpan[] = [];
  let current = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
  while (current) {
    chain.push(current);
    current = current.parentSpanId ? byId.get(current.parentSpanId) : undefined;
  }
  return chain;
}

/** True when `descendant` sits somewhere below `ancestor` in the tree. */
export function isDescendant(
  spans: CollectedSpan[],
  descendant: CollectedSpan,
  ancestor: CollectedSpan,
): boolean {
  return ancestorsOf(spans, descendant).some((s) => s.spanId === ancestor.spanId);
}

/** The trace id inside a `traceresponse` header. */
export function traceIdOf(traceresponse: string | null): string {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceresponse ?? '');
  if (!match?.[1]) throw new Error(`not a traceresponse header: ${traceresponse}`);
  return match[1];
}
