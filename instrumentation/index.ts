// The public API of the shared library. Services import from here, never from each other.
export {
  ConfigError,
  readBoolean,
  readEnum,
  readInt,
  readNumber,
  readOptionalString,
  readPort,
  readString,
  readUrl,
} from './config/env.js';
export { readCommonConfig, type CommonConfig } from './config/common.js';
export { loadConfigOrExit } from './config/load.js';
export { readPairs, readTargets, type ConfigPair, type ServiceTarget } from './config/targets.js';
export { AppError, badRequest, notFound } from './errors.js';
export { errorType, inSpan, isServerFault, recordFailure, serverSpan } from './tracing/spans.js';
export { createLogger, type Logger } from './logger.js';
export { createRedis, closeRedis, pingRedis } from './redis/client.js';
export { createServiceApp, type ServiceAppOptions } from './http/service-app.js';
export { errorBody } from './http/error-handler.js';
export type { ReadinessCheck } from './http/health.js';
export { serve, type RunningService, type ServeOptions } from './http/serve.js';
export { TRACERESPONSE_HEADER } from './http/traceresponse.js';
export {
  declareSampling,
  exportCounters,
  packageVersion,
  samplingDescription,
  tracer,
  tracerMetrics,
} from './telemetry/sdk.js';
export {
  observabilityRoute,
  tracerReport,
  OBSERVABILITY_PATH,
  type ObservabilityParts,
} from './observability/endpoint.js';
export {
  numberField,
  requireObject,
  requiredString,
  stringField,
  stringListField,
  type Fields,
} from './http/validate.js';
export {
  ATTR_BREAKER_NAME,
  ATTR_BREAKER_STATE,
  EVENT_BREAKER_STATE_CHANGE,
  BreakerOpenError,
  BreakerRegistry,
  BreakerTimeoutError,
  DEFAULT_BREAKER_OPTIONS,
  ServiceBreaker,
  UpstreamError,
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
  SPAN_CACHE_LOOKUP,
  CACHE_TRACER_NAME,
  ATTR_CACHE_NAME,
  ATTR_CACHE_HIT,
  ATTR_CACHE_TIER,
  ATTR_CACHE_KEY_HASH,
  ATTR_CACHE_COALESCED,
} from './cache/index.js';
export {
  TokenBucketLimiter,
  clientIdentity,
  rateLimitMiddleware,
  type RateLimitMiddlewareOptions,
  type AcquireResult,
  type RateLimiterStats,
  type TokenBucketOptions,
} from './rate-limit/index.js';
