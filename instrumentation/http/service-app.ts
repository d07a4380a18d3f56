import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { CommonConfig } from '../config/common.js';
import type { Logger } from '../logger.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { healthRoutes, type ReadinessCheck } from './health.js';
import { traceResponse } from './traceresponse.js';

export interface ServiceAppOptions {
  config: Pick<CommonConfig, 'bodyLimitBytes' | 'trustProxyHops'>;
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  /** Routers mounted in order after the shared middleware and before the 404 and error handlers. */
  routes: ReadonlyArray<Router | express.RequestHandler>;
}

/**
 * The shared shape of every service: security headers, traceresponse, JSON bodies with a size limit,
 * probes, the service's own routes, then a JSON 404 and the one error handler, last.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: trusting every X-Forwarded-For entry lets any client pick its own IP.
  app.set('trust proxy', options.config.trustProxyHops);
  app.use(helmet());
  app.use(traceResponse());
  app.use(healthRoutes(options.readiness));
  app.use(express.json({ limit: options.config.bodyLimitBytes }));
  for (const route of options.routes) app.use(route);
  app.use(notFoundHandler());
  app.use(errorHandler(options.logger));
  return app;
}
