import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeMetricsRequest } from './otlp-metrics-protobuf.js';
import { parseOtlpMetricsJson, type CollectedPoint, type OtlpMetricsJson } from './otlp-metrics-json.js';
import { decodeTraceRequest } from './otlp-protobuf.js';
import { parseOtlpJson, type CollectedSpan, type OtlpTracesJson } from './otlp-json.js';
import type { MetricSource } from './metric-source.js';
import type { TraceSource } from './trace-source.js';

export type OtlpEncoding = 'json' | 'protobuf';

const TRACES_PATH = '/v1/traces';
const METRICS_PATH = '/v1/metrics';

/** A series: one metric of one process (a replica is a process of its own) with one attribute set. */
function seriesKey(point: CollectedPoint): string {
  const attributes = Object.entries(point.attributes).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([point.serviceName, point.instanceId, point.metric, attributes]);
}

/**
 * An OTLP/HTTP receiver standing where the collector stands: services export to it and tests read
 * what arrived. It accepts POST /v1/traces and /v1/metrics as OTLP/JSON or protobuf, gzipped or not.
 */
export class OtlpReceiver implements TraceSource, MetricSource {
  readonly spans: CollectedSpan[] = [];
  /** Every export request as received (decoded to JSON), traces and metrics: what a grep must search. */
  readonly requestsAsText: string[] = [];
  /** Per service, the encodings its exports arrived in: which protocol a process really used. */
  readonly encodings = new Map<string, Set<OtlpEncoding>>();
  /** Per service, the encodings its metric exports arrived in. */
  readonly metricEncodings = new Map<string, Set<OtlpEncoding>>();
  requests = 0;
  metricRequests = 0;
  // Exports are cumulative: the latest point of a series holds its totals.
  private readonly latestPoints = new Map<string, CollectedPoint>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const holder: { receiver?: OtlpReceiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method !== 'POST' || (req.url !== TRACES_PATH && req.url !== METRICS_PATH)) {
          res.writeHead(404).end();
          return;
        }
        const type = String(req.headers['content-type'] ?? '');
        if (!type.includes('json') && !type.includes('protobuf')) {
          res.writeHead(415).end();
          return;
        }
        try {
          let body = Buffer.concat(chunks);
          if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
          const encoding: OtlpEncoding = type.includes('json') ? 'json' : 'protobuf';
          const json = () => JSON.parse(body.toString('utf8')) as unknown;
          if (req.url === METRICS_PATH) {
            holder.receiver?.acceptMetrics(
              encoding === 'json' ? (json() as OtlpMetricsJson) : decodeMetricsRequest(body),
              encoding,
            );
          } else {
            holder.receiver?.accept(
              encoding === 'json' ? (json() as OtlpTracesJson) : decodeTraceRequest(body),
              encoding,
            );
          }
          // An empty Export*ServiceResponse: `{}` in JSON, zero bytes in protobuf.
          if (type.includes('json')) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.receiver = new OtlpReceiver(server, (server.address() as AddressInfo).port);
    return holder.receiver;
  }

  /** The base URL a service takes as OTEL_EXPORTER_OTLP_ENDPOINT. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(body: OtlpTracesJson, encoding: OtlpEncoding): void {
    this.requests += 1;
    this.requestsAsText.push(JSON.stringify(body));
    const spans = parseOtlpJson(body);
    for (const span of spans) {
      const seen = this.encodings.get(span.serviceName) ?? new Set<OtlpEncoding>();
      this.encodings.set(span.serviceName, seen.add(encoding));
    }
    this.spans.push(...spans);
  }

  private acceptMetrics(body: OtlpMetricsJson, encoding: OtlpEncoding): void {
    this.requestsAsText.push(JSON.stringify(body));
    this.metricRequests += 1;
    for (const point of parseOtlpMetricsJson(body)) {
      const seen = this.metricEncodings.get(point.serviceName) ?? new Set<OtlpEncoding>();
      this.metricEncodings.set(point.serviceName, seen.add(encoding));
      const key = seriesKey(point);
      const known = this.latestPoints.get(key);
      if (!known || known.timeNs <= point.timeNs) this.latestPoints.set(key, point);
    }
  }

  /** The latest exported point of every series of one service's metric. */
  metricPoints(serviceName: string, metric: string): CollectedPoint[] {
    return [...this.latestPoints.values()].filter(
      (p) => p.serviceName === serviceName && p.metric === metric,
    );
  }

  /**
   * The sum of the latest values (a histogram's counts) of a metric's series whose attributes include
   * `filter`: what a dashboard would show for that selection.
   */
  metricTotal(serviceName: string, metric: string, filter: Record<string, unknown> = {}): number {
    return this.metricPoints(serviceName, metric)
      .filter((p) => Object.entries(filter).every(([k, v]) => p.attributes[k] === v))
      .reduce((total, p) => total + p.value, 0);
  }

  async spansOfTrace(traceId: string): Promise<CollectedSpan[]> {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  spansOfService(serviceName: string): CollectedSpan[] {
    return this.spans.filter((s) => s.serviceName === serviceName);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
