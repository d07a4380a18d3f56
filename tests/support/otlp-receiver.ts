import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTraceRequest } from './otlp-protobuf.js';
import { parseOtlpJson, type CollectedSpan, type OtlpTracesJson } from './otlp-json.js';
import type { TraceSource } from './trace-source.js';

export type OtlpEncoding = 'json' | 'protobuf';

/**
 * An OTLP/HTTP receiver standing where the collector stands: services export to it and tests read
 * what arrived. It accepts POST /v1/traces as OTLP/JSON or protobuf, gzipped or not.
 */
export class OtlpReceiver implements TraceSource {
  readonly spans: CollectedSpan[] = [];
  /** Per service, the encodings its exports arrived in: which protocol a process really used. */
  readonly encodings = new Map<string, Set<OtlpEncoding>>();
  requests = 0;
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
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
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
          holder.receiver?.accept(
            encoding === 'json'
              ? (JSON.parse(body.toString('utf8')) as OtlpTracesJson)
              : decodeTraceRequest(body),
            encoding,
          );
          // An empty ExportTraceServiceResponse: `{}` in JSON, zero bytes in protobuf.
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
    const spans = parseOtlpJson(body);
    for (const span of spans) {
      const seen = this.encodings.get(span.serviceName) ?? new Set<OtlpEncoding>();
      this.encodings.set(span.serviceName, seen.add(encoding));
    }
    this.spans.push(...spans);
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
