// The rate limiter's public API; instrumentation/index.ts re-exports it.
export * from './attributes.js';
export { rateLimitMiddleware, type RateLimitMiddlewareOptions } from './middleware.js';
export { TokenBucketLimiter } from './token-bucket-limiter.js';
export type { AcquireResult, RateLimiterStats, TokenBucketOptions } from './types.js';
