import {
  closeRedis,
  createLogger,
  createRedis,
  declareSampling,
  loadConfigOrExit,
  serve,
  TokenBucketLimiter,
} from '../../instrumentation/index.js';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: 1 });
const logger = createLogger(config.serviceName, config.logLevel);
const redis = createRedis(config.redisUrl, config.serviceName);
const limiter = new TokenBucketLimiter({
  name: 'cup-scores',
  capacity: config.scoreCapacity,
  refillPerSecond: config.scoreRefillPerSecond,
  redisUrl: config.redisUrl,
  logger,
});

await serve(buildApp({ config, logger, redis, limiter }), {
  ...config,
  logger,
  onShutdown: [() => limiter.close(), () => closeRedis(redis)],
});
