import type { Express } from 'express';
import type { Redis } from 'ioredis';
import {
  createServiceApp,
  rateLimitMiddleware,
  type Logger,
  type TokenBucketLimiter,
} from '../../instrumentation/index.js';
import type { CupConfig } from './config.js';
import { Leaderboard } from './domain/leaderboard.js';
import { cupRoutes } from './routes/cup.js';

export interface CupDeps {
  config: CupConfig;
  logger: Logger;
  redis: Redis;
  limiter: TokenBucketLimiter;
}

export function buildApp(deps: CupDeps): Express {
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    observability: { rateLimiter: (collected) => deps.limiter.getStats(collected) },
    routes: [
      cupRoutes({ leaderboard: new Leaderboard(deps.redis), limit: rateLimitMiddleware(deps.limiter) }),
    ],
  });
}
