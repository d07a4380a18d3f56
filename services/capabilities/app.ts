import type { Express } from 'express';
import type { Redis } from 'ioredis';
import {
  createServiceApp,
  type BreakerRegistry,
  type Logger,
  type PersistentCache,
} from '../../instrumentation/index.js';
import type { CapabilitiesConfig } from './config.js';
import { CapabilitiesService, type CapabilitiesView } from './domain/capabilities-service.js';
import { capabilitiesRoutes } from './routes/capabilities.js';

export interface CapabilitiesDeps {
  config: CapabilitiesConfig;
  logger: Logger;
  redis: Redis;
  cache: PersistentCache<CapabilitiesView>;
  breakers: BreakerRegistry;
}

export function buildApp(deps: CapabilitiesDeps): Express {
  const capabilities = new CapabilitiesService({
    cache: deps.cache,
    breakers: deps.breakers,
    providerSimUrl: deps.config.providerSimUrl,
    budgetUrl: deps.config.budgetUrl,
  });
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    observability: {
      cache: (collected) => deps.cache.getStats(collected),
      breakers: () => deps.breakers.snapshot(),
    },
    routes: [capabilitiesRoutes({ capabilities })],
  });
}
