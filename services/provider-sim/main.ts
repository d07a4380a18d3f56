import {
  createLogger,
  declareSampling,
  loadConfigOrExit,
  Resources,
  serve,
} from '../../instrumentation/index.js';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: 1 });
const logger = createLogger(config.serviceName, config.logLevel);
// Holds nothing open: no client to close on shutdown.
await serve(buildApp({ config, logger }), { ...config, logger, resources: new Resources() });
