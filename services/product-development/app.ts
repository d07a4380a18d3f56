import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { createServiceApp, type Logger } from '../../instrumentation/index.js';
import type { ProductConfig } from './config.js';
import { Roadmap } from './domain/roadmap.js';
import { featureRoutes } from './routes/features.js';

export interface ProductDeps {
  config: ProductConfig;
  logger: Logger;
  redis: Redis;
}

export function buildApp(deps: ProductDeps): Express {
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    routes: [featureRoutes({ roadmap: new Roadmap(deps.redis) })],
  });
}
