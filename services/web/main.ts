import {
  Resources,
  BreakerRegistry,
  createLogger,
  declareSampling,
  loadConfigOrExit,
  serve,
} from '../../instrumentation/index.js';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: config.sampleRatio, trustRemoteParent: config.trustRemoteParent });
const logger = createLogger(config.serviceName, config.logLevel);
const resources = new Resources();
// Readiness and the API key store: the limiter keeps a connection of its own for its Lua script.
const { redis, circuit: redisCircuit } = resources.redis(config.redisUrl, config.serviceName, {
  ...config.redisCircuit,
  logger,
});
const limiter = resources.limiter({
  name: 'web-api',
  capacity: config.apiCapacity,
  refillPerSecond: config.apiRefillPerSecond,
  redisUrl: config.redisUrl,
  storeTimeoutMs: config.rateLimitStoreTimeoutMs,
  redisCircuit,
  logger,
});
const breakers = resources.own(
  'breakers',
  new BreakerRegistry({ logger, defaults: { timeoutMs: config.upstreamTimeoutMs } }),
  (b) => b.shutdown(),
);

await serve(buildApp({ config, logger, redis, limiter, breakers }), {
  ...config,
  logger,
  resources,
});
