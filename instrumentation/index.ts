// The public API of the shared library. Services import from here, never from each other.
export {
  ConfigError,
  readBoolean,
  readEnum,
  readInt,
  readNumber,
  readOptionalSecret,
  readOptionalString,
  readPort,
  readSecret,
  readString,
  readUrl,
} from './config/env.js';
export { readCommonConfig, type CommonConfig } from './config/common.js';
export { loadConfigOrExit } from './config/load.js';
export { readPairs, readTargets, type ConfigPair, type ServiceTarget } from './config/targets.js';
export { AppError, badRequest, notFound } from './errors.js';
export { inSpan, recordFailure, serverSpan } from './tracing/spans.js';
export { createLogger, type Logger } from './logger.js';
export { Resources } from './lifecycle/resources.js';
export { createRedis } from './redis/client.js';
export { redisCircuitReport } from './redis/circuit.js';
export { OutageLog } from './redis/outage-log.js';
export { isRedisUnavailable } from './redis/unavailable.js';
export { createServiceApp, type ServiceAppOptions } from './http/service-app.js';
export { adminRoutes } from './http/admin-auth.js';
export { answerMethod, ROUTE_METHODS } from './http/methods.js';
export type { ReadinessCheck } from './http/health.js';
export { serve, type RunningService, type ServeOptions } from './http/serve.js';
export { declareSampling, exportCounters } from './telemetry/sdk.js';
export { partsReport, OBSERVABILITY_PATH, type ObservabilityParts } from './observability/endpoint.js';
export {
  numberField,
  requireObject,
  requiredString,
  stringField,
  stringListField,
  type Fields,
} from './http/validate.js';
export {
  BreakerOpenError,
  BreakerRegistry,
  BreakerTimeoutError,
  ServiceBreaker,
  UpstreamUnavailableError,
  breakerFetch,
  upstreamJson,
  type BreakerCallOptions,
  type BreakerOptions,
  type BreakerSnapshot,
  type BreakerState,
} from './breaker/index.js';
export {
  PersistentCache,
  type CacheTier,
  type PersistentCacheOptions,
  type CacheStats,
  type CompressionAlgorithm,
} from './cache/index.js';
export {
  TokenBucketLimiter,
  rateLimitMiddleware,
  type RateLimitMiddlewareOptions,
  type AcquireResult,
  type RateLimiterStats,
  type TokenBucketOptions,
} from './rate-limit/index.js';
export {
  IdentityProof,
  SERVICE_IDENTITY_PREFIX,
  addressIdentity,
  clientIdOf,
  clientIdentity,
  establishIdentity,
  identityHeaders,
  requireServiceCaller,
} from './identity/index.js';
export {
  ApiKeyStore,
  ApiKeyVerifier,
  validClientName,
  type ApiKeyVerifierOptions,
} from './api-keys/index.js';
