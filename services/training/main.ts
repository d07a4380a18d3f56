import {
  Resources,
  createLogger,
  declareSampling,
  loadConfigOrExit,
  serve,
} from '../../instrumentation/index.js';
import { buildApp } from './app.js';
import { readConfig } from './config.js';
import { JobQueue } from './domain/job-queue.js';
import { JobStore } from './domain/job-store.js';
import { TrainingWorker } from './domain/worker.js';

const config = loadConfigOrExit(readConfig);
declareSampling({ ratio: 1 });
const logger = createLogger(config.serviceName, config.logLevel);
const resources = new Resources();
const { redis } = resources.redis(config.redisUrl, config.serviceName, { ...config.redisCircuit, logger });
const store = new JobStore(redis);
const { stepMs, pollMs, leaseMs } = config;
const worker = resources.own(
  'worker',
  new TrainingWorker({ store, queue: new JobQueue(redis), logger, stepMs, pollMs, leaseMs }),
  (w) => w.stop(),
);

await serve(buildApp({ config, logger, redis, store }), {
  ...config,
  logger,
  resources,
});
// The worker begins once Redis answers, rather than logging an outage for a connection still opening.
if (redis.status === 'ready') worker.start();
else redis.once('ready', () => worker.start());
