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
const { redis } = resources.redis(config.redisUrl, config.serviceName, { ...config.redisCircuit, logger });

await serve(buildApp({ config, logger, redis }), {
  ...config,
  logger,
  resources,
});
