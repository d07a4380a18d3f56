import { parseOtlpJson, type CollectedSpan, type OtlpTracesJson } from './otlp-json.js';
import type { TraceSource } from './trace-source.js';

/**
 * Reads a trace from Jaeger v2's query API, `GET {base}/api/v3/traces/{traceId}`: the compose stack's
 * TraceSource. The shape follows Jaeger's api_v3 HTTP gateway
 * (cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/http_gateway.go): a found trace is
 * `{"result": <OTLP TracesData as OTLP/JSON>}` (hex ids, enums as numbers, 64-bit integers as strings);
 * an unknown trace is 404 with `{"error":{"httpCode":404,"message":"No traces found"}}`. Spans reach
 * Jaeger through the collector's batch processor, so a 404 means "not there yet" and answers [] for
 * waitForTrace to poll again; any other failure is an error.
 */
export class JaegerTraceSource implements TraceSource {
  constructor(
    readonly baseUrl = process.env.JAEGER_URL ?? 'http://127.0.0.1:16686',
    private readonly timeoutMs = 5_000,
  ) {}

  async spansOfTrace(traceId: string): Promise<CollectedSpan[]> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/api/v3/traces/${encodeURIComponent(traceId)}`;
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (res.status === 404) return [];
    if (!res.ok) throw new Error(`Jaeger ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { result?: OtlpTracesJson };
    return parseOtlpJson(body.result ?? {});
  }
}
