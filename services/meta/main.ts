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
declareSampling({ ratio: 1 });
const logger = createLogger(config.serviceName, config.logLevel);
const resources = new Resources();
const breakers = resources.own(
  'breakers',
  new BreakerRegistry({ logger, defaults: { timeoutMs: config.checkTimeoutMs } }),
  (b) => b.shutdown(),
);

await serve(buildApp({ config, logger, breakers }), {
  ...config,
  logger,
  resources,
});
