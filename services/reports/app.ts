import type { Express } from 'express';
import type { Redis } from 'ioredis';
import {
  createServiceApp,
  type BreakerRegistry,
  type Logger,
  type PersistentCache,
} from '../../instrumentation/index.js';
import type { ReportsConfig } from './config.js';
import type { Report } from './domain/analyze.js';
import { ReportService } from './domain/report-service.js';
import { reportRoutes } from './routes/reports.js';

export interface ReportsDeps {
  config: ReportsConfig;
  logger: Logger;
  redis: Redis;
  cache: PersistentCache<Report>;
  breakers: BreakerRegistry;
}

export function buildApp(deps: ReportsDeps): Express {
  const reports = new ReportService({
    cache: deps.cache,
    breakers: deps.breakers,
    targets: deps.config.targets,
  });
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    observability: {
      cache: (collected) => deps.cache.getStats(collected),
      breakers: () => deps.breakers.snapshot(),
    },
    routes: [reportRoutes({ reports })],
  });
}
