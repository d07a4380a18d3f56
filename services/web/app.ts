import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import {
  adminRoutes,
  ApiKeyStore,
  ApiKeyVerifier,
  createServiceApp,
  IdentityProof,
  rateLimitMiddleware,
  type BreakerRegistry,
  type Logger,
  type TokenBucketLimiter,
} from '../../instrumentation/index.js';
import type { WebConfig } from './config.js';
import { identifyClient } from './domain/client-keys.js';
import { upstreamsFrom } from './domain/upstreams.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { gatewayRoutes } from './routes/gateway.js';

export interface WebDeps {
  config: WebConfig;
  logger: Logger;
  redis: Redis;
  limiter: TokenBucketLimiter;
  breakers: BreakerRegistry;
}

/** The gateway's own admin routes: no upstream prefix starts with it, so none is forwarded. */
const ADMIN_PREFIX = '/api/v1/admin';
/** Keys remembered by the local cache at most (valid and unknown together). */
const API_KEY_CACHE_ENTRIES = 10_000;

export function buildApp(deps: WebDeps): Express {
  const store = new ApiKeyStore(deps.redis);
  const verifier = new ApiKeyVerifier(store, {
    ttlMs: deps.config.apiKeyCacheTtlMs,
    negativeTtlMs: deps.config.apiKeyNegativeCacheTtlMs,
    maxEntries: API_KEY_CACHE_ENTRIES,
  });
  const api = express.Router();
  // The client first (401 for a bad key), then its bucket. Every /api response carries the gateway's
  // rate-limit headers; an upstream's own (stricter) ones replace them on the way back.
  api.use('/api', identifyClient({ verifier, proof: new IdentityProof(deps.config.gatewaySecret) }));
  api.use('/api', rateLimitMiddleware(deps.limiter));
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    acceptGatewayIdentity: false,
    // Bodies pass to the upstreams as received; the service that serves a route parses them.
    body: 'raw',
    observability: {
      rateLimiter: (collected) => deps.limiter.getStats(collected),
      breakers: () => deps.breakers.snapshot(),
    },
    routes: [
      api,
      adminRoutes(ADMIN_PREFIX, deps.config.adminToken, apiKeyRoutes({ store, verifier })),
      gatewayRoutes({ upstreams: upstreamsFrom(deps.config), breakers: deps.breakers }),
    ],
  });
}
