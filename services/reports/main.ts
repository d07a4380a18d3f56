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
import type { Report } from './domain/analyze.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: 0.2 });
const logger = createLogger(config.serviceName, config.logLevel);
const resources = new Resources();
const { redis } = resources.redis(config.redisUrl, config.serviceName, { ...config.redisCircuit, logger });
const cache = new PersistentCache<Report>({ name: 'reports', redis, ttlMs: config.reportCacheTtlMs, logger });
const breakers = resources.own(
  'breakers',
  new BreakerRegistry({ logger, defaults: { timeoutMs: config.fetchTimeoutMs } }),
  (b) => b.shutdown(),
);

await serve(buildApp({ config, logger, redis, cache, breakers }), {
  ...config,
  logger,
  resources,
});
