import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Resources } from '../lifecycle/resources.js';
import { drainStateOf } from './drain.js';
import type { Logger } from '../logger.js';
import { shutdownTelemetry } from '../telemetry/sdk.js';

export interface ServeOptions {
  port: number;
  host: string;
  shutdownGraceMs: number;
  /** After SIGTERM, `/readyz` answers 503 this long while requests are still served. */
  shutdownDrainDelayMs?: number;
  logger: Logger;
  /** Closed after the server stopped taking requests and before spans are flushed. */
  resources: Resources;
}

export interface RunningService {
  server: Server;
  port: number;
  stop: (reason: string) => Promise<void>;
}

function closeServer(server: Server, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    // Keep-alive connections hold close() open until the client drops them; close each one as soon as
    // its in-flight request is answered.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve(false);
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(timer);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}

/**
 * Listens, and on SIGTERM or SIGINT shuts down in order: `/readyz` answers 503 and answers close their
 * connections; after the drain delay (for a balancer to notice) stop accepting; let in-flight requests
 * finish within the grace period; close clients; flush spans; exit 0.
 */
export async function serve(app: Express, options: ServeOptions): Promise<RunningService> {
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      options.logger.info({ reason }, 'shutting down');
      drainStateOf(app).draining = true;
      const delayMs = options.shutdownDrainDelayMs ?? 0;
      if (delayMs > 0) {
        options.logger.info({ delayMs }, 'draining: out of rotation, still serving');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      const clean = await closeServer(server, options.shutdownGraceMs);
      if (!clean)
        options.logger.warn({ graceMs: options.shutdownGraceMs }, 'grace period over; connections cut');
      await options.resources.closeAll(options.logger);
      try {
        await shutdownTelemetry();
      } catch (error) {
        options.logger.warn({ err: error }, 'span flush failed');
      }
      options.logger.info('stopped');
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop(signal).then(() => process.exit(0));
    });
  }
  return { server, port, stop };
}
