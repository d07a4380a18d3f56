import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTraceRequest } from './otlp-protobuf.js';
import { parseOtlpJson, type CollectedSpan, type OtlpTracesJson } from './otlp-json.js';
import type { TraceSource } from './trace-source.js';

/**
 * An OTLP/HTTP receiver standing where the collector stands: services export to it and tests read
 * what arrived. It accepts POST /v1/traces as OTLP/JSON or protobuf, gzipped or not.
 */
export class OtlpReceiver implements TraceSource {
  readonly spans: CollectedSpan[] = [];
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
          holder.receiver?.accept(
            type.includes('json')
              ? (JSON.parse(body.toString('utf8')) as OtlpTracesJson)
              : decodeTraceRequest(body),
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

  private accept(body: OtlpTracesJson): void {
    this.requests += 1;
    this.spans.push(...parseOtlpJson(body));
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
