import {
  BreakerRegistry,
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
declareSampling({ ratio: config.sampleRatio, trustRemoteParent: config.trustRemoteParent });
const logger = createLogger(config.serviceName, config.logLevel);
// Readiness only: the limiter keeps a connection of its own for its Lua script.
const redis = createRedis(config.redisUrl, config.serviceName);
const limiter = new TokenBucketLimiter({
  name: 'web-api',
  capacity: config.apiCapacity,
  refillPerSecond: config.apiRefillPerSecond,
  redisUrl: config.redisUrl,
  logger,
});
const breakers = new BreakerRegistry({ logger, defaults: { timeoutMs: config.upstreamTimeoutMs } });

await serve(buildApp({ config, logger, redis, limiter, breakers }), {
  ...config,
  logger,
  onShutdown: [() => limiter.close(), () => breakers.shutdown(), () => closeRedis(redis)],
});
