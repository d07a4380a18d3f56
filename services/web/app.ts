import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import {
  createServiceApp,
  rateLimitMiddleware,
  type BreakerRegistry,
  type Logger,
  type TokenBucketLimiter,
} from '../../instrumentation/index.js';
import type { WebConfig } from './config.js';
import { upstreamsFrom } from './domain/upstreams.js';
import { gatewayRoutes } from './routes/gateway.js';

export interface WebDeps {
  config: WebConfig;
  logger: Logger;
  redis: Redis;
  limiter: TokenBucketLimiter;
  breakers: BreakerRegistry;
}

export function buildApp(deps: WebDeps): Express {
  const api = express.Router();
  // Every /api response carries the gateway's rate-limit headers; an upstream's own (stricter) ones
  // replace them on the way back.
  api.use('/api', rateLimitMiddleware(deps.limiter));
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    // Bodies pass to the upstreams as received; the service that serves a route parses them.
    body: 'raw',
    observability: {
      rateLimiter: (collected) => deps.limiter.getStats(collected),
      breakers: () => deps.breakers.snapshot(),
    },
    routes: [api, gatewayRoutes({ upstreams: upstreamsFrom(deps.config), breakers: deps.breakers })],
  });
}
