import {
  Resources,
  createLogger,
  declareSampling,
  loadConfigOrExit,
  serve,
} from '../../instrumentation/index.js';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: 1 });
const logger = createLogger(config.serviceName, config.logLevel);
const resources = new Resources();
const { redis, circuit: redisCircuit } = resources.redis(config.redisUrl, config.serviceName, {
  ...config.redisCircuit,
  logger,
});
const limiter = resources.limiter({
  name: 'cup-scores',
  capacity: config.scoreCapacity,
  refillPerSecond: config.scoreRefillPerSecond,
  redisUrl: config.redisUrl,
  storeTimeoutMs: config.rateLimitStoreTimeoutMs,
  redisCircuit,
  logger,
});

await serve(buildApp({ config, logger, redis, limiter }), {
  ...config,
  logger,
  resources,
});
