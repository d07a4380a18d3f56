import type { Express } from 'express';
import type { Redis } from 'ioredis';
import {
  createServiceApp,
  rateLimitMiddleware,
  type BreakerRegistry,
  type Logger,
  type ObservabilityParts,
  type PersistentCache,
  type TokenBucketLimiter,
} from '../../instrumentation/index.js';
import type { BudgetConfig } from './config.js';
import { BurstService, type Outcome, type StoredBurst } from './domain/burst-service.js';
import { DistributedFlight } from './domain/distributed-flight.js';
import { ClientActivity } from './domain/activity.js';
import type { PriceCatalogue } from './domain/price-catalogue.js';
import type { SpendLedger } from './domain/spend-ledger.js';
import { budgetRoutes } from './routes/budget.js';
import { burstRoutes } from './routes/burst.js';
import { resilienceRoutes } from './routes/resilience.js';

export interface BudgetDeps {
  config: BudgetConfig;
  logger: Logger;
  redis: Redis;
  cache: PersistentCache<StoredBurst>;
  limiter: TokenBucketLimiter;
  breakers: BreakerRegistry;
  ledger: SpendLedger;
  prices: PriceCatalogue;
}

export function buildApp(deps: BudgetDeps): Express {
  const activity = new ClientActivity(deps.redis);
  // A leader holds a burst for as long as its slowest provider may take, and a little more.
  const flight = new DistributedFlight<Outcome>(deps.redis, {
    leaseMs: deps.config.providerTimeoutMs + 2_000,
    resultTtlMs: 10_000,
    pollMs: 20,
  });
  const bursts = new BurstService({
    ...deps,
    activity,
    prices: deps.prices,
    flight,
    providerSimUrl: deps.config.providerSimUrl,
  });
  const parts: ObservabilityParts = {
    cache: (collected) => ({
      ...deps.cache.getStats(collected),
      dedup: bursts.dedupStats(),
      journal: deps.ledger.stats(),
      activityLost: activity.lost,
    }),
    rateLimiter: (collected) => deps.limiter.getStats(collected),
    breakers: () => deps.breakers.snapshot(),
  };
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    observability: parts,
    routes: [
      burstRoutes({ bursts, providers: deps.config.providers, limit: rateLimitMiddleware(deps.limiter) }),
      budgetRoutes({ ledger: deps.ledger, activity }),
      resilienceRoutes(parts),
    ],
  });
}
