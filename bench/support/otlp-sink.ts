import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PATHS = ['/v1/traces', '/v1/metrics', '/v1/logs'];

/**
 * Where the collector would stand: answers 200 to every OTLP export and throws the body away, so the
 * services pay the full cost of exporting and nothing downstream slows them.
 */
export class OtlpSink {
  requests = 0;
  bytes = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpSink> {
    const holder: { sink?: OtlpSink } = {};
    const server = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => {
        if (holder.sink) holder.sink.bytes += chunk.length;
      });
      req.on('end', () => {
        if (req.method === 'POST' && PATHS.includes(req.url ?? '')) {
          if (holder.sink) holder.sink.requests += 1;
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else {
          res.writeHead(404).end();
        }
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    holder.sink = new OtlpSink(server);
    return holder.sink;
  }

  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}
