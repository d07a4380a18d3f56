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
import type { CapabilitiesView } from './domain/capabilities-service.js';
import { BUDGET_BREAKER, PROVIDER_SIM_BREAKER } from './domain/upstreams.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: 1 });
const logger = createLogger(config.serviceName, config.logLevel);
const resources = new Resources();
const { redis } = resources.redis(config.redisUrl, config.serviceName, { ...config.redisCircuit, logger });
const cache = new PersistentCache<CapabilitiesView>({
  name: 'capabilities',
  redis,
  ttlMs: config.cacheTtlMs,
  logger,
});
const breakers = resources.own(
  'breakers',
  new BreakerRegistry({ logger, defaults: { timeoutMs: config.upstreamTimeoutMs } }),
  (b) => b.shutdown(),
);
// Created up front so the observability endpoint lists both before the first request.
for (const name of [PROVIDER_SIM_BREAKER, BUDGET_BREAKER]) breakers.getOrCreate(name);

await serve(buildApp({ config, logger, redis, cache, breakers }), {
  ...config,
  logger,
  resources,
});
