import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { createServiceApp, type Logger } from '../../instrumentation/index.js';
import type { TrainingConfig } from './config.js';
import { JobStore } from './domain/job-store.js';
import { jobRoutes } from './routes/jobs.js';

export interface TrainingDeps {
  config: TrainingConfig;
  logger: Logger;
  redis: Redis;
  store?: JobStore;
}

export function buildApp(deps: TrainingDeps): Express {
  const store = deps.store ?? new JobStore(deps.redis);
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    routes: [jobRoutes({ store, stepMs: deps.config.stepMs })],
  });
}
