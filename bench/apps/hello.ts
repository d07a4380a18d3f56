/**
 * The Express bench app: a hello route plus the parts one configuration turns on, each built from
 * instrumentation/ the way the services build it. Tracing is on only when the process starts under
 * the bootstrap (`node --import dist/instrumentation/register.js`), as a service does.
 */
import express, { type Express, type RequestHandler } from 'express';
import {
  createLogger,
  createRedis,
  createServiceApp,
  declareSampling,
  exportCounters,
  loadConfigOrExit,
  PersistentCache,
  rateLimitMiddleware,
  readBoolean,
  readEnum,
  readNumber,
  readPort,
  readString,
  TokenBucketLimiter,
} from '../../instrumentation/index.js';

const config = loadConfigOrExit((env) => ({
  port: readPort(env, 'PORT', 0),
  redisUrl: readString(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
  /** off: no limiter; allow: a Redis decision per request; refuse: every client over its limit. */
  limiter: readEnum(env, 'BENCH_LIMITER', ['off', 'allow', 'refuse'] as const, 'off'),
  /** A 1 KB cache hit per request (PersistentCache.lookup, as the budget service does). */
  cache: readBoolean(env, 'BENCH_CACHE', false),
  /** The whole service kit (createServiceApp: helmet, traceresponse, probes, JSON, 404, error handler). */
  kit: readBoolean(env, 'BENCH_KIT', false),
  /** The declared head-sampling ratio, as the gateway declares its own. */
  sampleRatio: readNumber(env, 'BENCH_SAMPLE_RATIO', 1, { min: 0, max: 1 }),
}));
declareSampling({ ratio: config.sampleRatio, trustRemoteParent: false });
const logger = createLogger('bench', 'warn');

const HOT_KEY = 'bench:hot-key';
const handlers: RequestHandler[] = [];
const closers: Array<() => Promise<void>> = [];

if (config.limiter !== 'off') {
  // allow: a bucket no benchmark empties, so every request costs one Redis decision.
  // refuse: an emptied bucket, so every request after the first is refused from memory.
  const allow = config.limiter === 'allow';
  const limiter = new TokenBucketLimiter({
    name: 'bench',
    capacity: allow ? 1_000_000_000 : 1,
    refillPerSecond: allow ? 1_000_000_000 : 0.001,
    redisUrl: config.redisUrl,
    logger,
  });
  handlers.push(rateLimitMiddleware(limiter));
  closers.push(() => limiter.close());
}

let hello: RequestHandler = (_req, res) => {
  res.json({ hello: 'world' });
};

if (config.cache) {
  const redis = createRedis(config.redisUrl, 'bench-cache');
  const cache = new PersistentCache<{ text: string }>({ name: 'bench', redis, ttlMs: 3_600_000, logger });
  await cache.set(HOT_KEY, { text: 'x'.repeat(1024) });
  // The tier in the answer lets the driver check that the hit comes from the tier it means to measure.
  hello = async (_req, res) => {
    const hit = await cache.lookup(HOT_KEY);
    res.json({ hello: 'world', tier: hit?.tier ?? 'miss' });
  };
  closers.push(async () => redis.disconnect());
}

function build(): Express {
  const routes = express.Router();
  routes.get('/hello', ...handlers, hello);
  // What left the process and what was dropped: a run that drops spans would flatter tracing.
  routes.get('/__stats', (_req, res) => {
    res.json({ spans: exportCounters() });
  });
  if (config.kit) {
    return createServiceApp({
      config: { serviceName: 'bench-hello', bodyLimitBytes: 100 * 1024, trustProxyHops: 0 },
      logger,
      routes: [routes],
    });
  }
  const app = express();
  app.use(routes);
  return app;
}

const server = build().listen(config.port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(async () => {
    for (const close of closers) await close();
    process.exit(0);
  });
  server.closeAllConnections();
});
