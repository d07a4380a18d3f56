import { randomBytes } from 'node:crypto';

/**
 * Hand-made spans sent as OTLP/JSON straight to a collector's OTLP/HTTP receiver: for pipeline tests
 * that need exact attributes (a forbidden one, say) or an exact count, which no service would produce.
 */
export interface ProbeSpan {
  traceId: string;
  spanId: string;
  name: string;
  attributes: Record<string, string>;
}

export const newTraceId = (): string => randomBytes(16).toString('hex');
export const newSpanId = (): string => randomBytes(8).toString('hex');

/** OTLP/JSON for spans of one service, ended just now. */
export function tracesPayload(serviceName: string, spans: ProbeSpan[]): string {
  const end = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeSpans: [
          {
            scope: { name: 'otel-stack-pipeline-test' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              name: s.name,
              kind: 2,
              startTimeUnixNano: String(end - 5_000_000n),
              endTimeUnixNano: String(end),
              attributes: Object.entries(s.attributes).map(([key, value]) => ({
                key,
                value: { stringValue: value },
              })),
            })),
          },
        ],
      },
    ],
  });
}

/** POSTs spans to `{endpoint}/v1/traces`; resolves with the collector's HTTP status. */
export async function sendSpans(endpoint: string, serviceName: string, spans: ProbeSpan[]): Promise<number> {
  const res = await fetch(`${endpoint}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: tracesPayload(serviceName, spans),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}
