import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { CommonConfig } from '../config/common.js';
import type { Logger } from '../logger.js';
import { observabilityRoute, type ObservabilityParts } from '../observability/endpoint.js';
import { redisCircuitReport } from '../redis/circuit.js';
import { pingRedis } from '../redis/client.js';
import { closeConnectionsWhileDraining, drainStateOf } from './drain.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { acceptGatewayIdentity } from '../identity/gateway-identity.js';
import { healthRoutes, type ReadinessCheck } from './health.js';
import { methodHandling } from './methods.js';
import { traceResponse } from './traceresponse.js';

export interface ServiceAppOptions {
  config: Pick<CommonConfig, 'serviceName' | 'bodyLimitBytes' | 'trustProxyHops'> &
    Partial<Pick<CommonConfig, 'gatewaySecret'>>;
  /**
   * Whether a client identity signed under `gatewaySecret` is taken (default true). The gateway says
   * false: it establishes identities itself, from API keys, and signs rather than trusts them.
   */
  acceptGatewayIdentity?: boolean;
  logger: Logger;
  /** The service's Redis, if it has one: `/readyz` answers 200 only while it answers PING. */
  redis?: Redis;
  /** Further dependencies `/readyz` waits on. */
  readiness?: readonly ReadinessCheck[];
  /** What the observability endpoint reports beyond the tracer's figures. */
  observability?: ObservabilityParts;
  /**
   * How request bodies reach the routes: parsed JSON (the default), or the bytes as a Buffer whatever
   * their type, for a proxy that passes them on unread. Both answer 413 past `bodyLimitBytes`.
   */
  body?: 'json' | 'raw';
  /** Routers mounted in order after the shared middleware and before the 404 and error handlers. */
  routes: ReadonlyArray<Router | express.RequestHandler>;
}

/**
 * The shared shape, and so the contract, of every service: security headers, traceresponse, bodies
 * with a size limit (JSON, or raw for the gateway), `/healthz` and `/readyz`, OPTIONS (204 with `Allow`), the service's own
 * routes, the observability endpoint, 405 with `Allow` for a method a path does not serve, then a JSON
 * 404 and the one error handler, last.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: trusting every X-Forwarded-For entry lets any client pick its own IP.
  app.set('trust proxy', options.config.trustProxyHops);
  app.use(helmet());
  app.use(traceResponse());
  const readiness: ReadinessCheck[] = [...(options.readiness ?? [])];
  const { redis } = options;
  if (redis) readiness.push({ name: 'redis', check: () => pingRedis(redis) });
  const drain = drainStateOf(app);
  app.use(closeConnectionsWhileDraining(drain));
  app.use(healthRoutes(readiness, drain));
  app.use(methodHandling(app, { refuse: false }));
  app.use(bodyParser(options));
  const { gatewaySecret } = options.config;
  if (gatewaySecret !== undefined && options.acceptGatewayIdentity !== false) {
    app.use(acceptGatewayIdentity(gatewaySecret));
  }
  for (const route of options.routes) app.use(route);
  app.use(
    observabilityRoute(options.config.serviceName, {
      ...(redis ? { redis: redisCircuitReport(redis) } : {}),
      ...options.observability,
    }),
  );
  app.use(methodHandling(app, { refuse: true }));
  app.use(notFoundHandler());
  app.use(errorHandler(options.logger));
  return app;
}

function bodyParser(options: ServiceAppOptions): express.RequestHandler {
  const limit = options.config.bodyLimitBytes;
  return options.body === 'raw' ? express.raw({ limit, type: () => true }) : express.json({ limit });
}
