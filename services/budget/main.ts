import {
  Resources,
  BreakerRegistry,
  createLogger,
  declareSampling,
  loadConfigOrExit,
  PersistentCache,
  serve,
} from '../../instrumentation/index.js';
import { buildApp } from './app.js';
import { readConfig } from './config.js';
import type { StoredBurst } from './domain/burst-service.js';
import { PriceCatalogue } from './domain/price-catalogue.js';
import { SpendLedger } from './domain/spend-ledger.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: 1 });
const logger = createLogger(config.serviceName, config.logLevel);
const resources = new Resources();
const { redis, circuit: redisCircuit } = resources.redis(config.redisUrl, config.serviceName, {
  ...config.redisCircuit,
  logger,
});
const cache = new PersistentCache<StoredBurst>({
  name: 'bursts',
  redis,
  ttlMs: config.burstCacheTtlMs,
  logger,
});
const limiter = resources.limiter({
  name: 'budget-burst',
  capacity: config.burstCapacity,
  refillPerSecond: config.burstRefillPerSecond,
  redisUrl: config.redisUrl,
  storeTimeoutMs: config.rateLimitStoreTimeoutMs,
  redisCircuit,
  logger,
});
const breakers = resources.own(
  'breakers',
  new BreakerRegistry({
    logger,
    defaults: {
      timeoutMs: config.providerTimeoutMs,
      errorThresholdPercentage: config.breakerErrorThresholdPercentage,
      volumeThreshold: config.breakerVolumeThreshold,
      resetTimeoutMs: config.breakerResetTimeoutMs,
    },
  }),
  (b) => b.shutdown(),
);
for (const provider of config.providers) breakers.getOrCreate(`provider:${provider}`);
const ledger = resources.own(
  'ledger',
  new SpendLedger(redis, {
    limitUsd: config.budgetLimitUsd,
    maxJournalClients: config.spendJournalMaxClients,
    logger,
  }),
  (l) => l.stop(),
);
ledger.start();

// Read once at start, so the first burst does not wait for the price list; a failure here only means
// the first burst reads it instead.
const prices = new PriceCatalogue(breakers, config.providerSimUrl);
void prices.current().catch((error: unknown) => logger.warn({ err: error }, 'price list not read yet'));

await serve(buildApp({ config, logger, redis, cache, limiter, breakers, ledger, prices }), {
  ...config,
  logger,
  resources,
});
