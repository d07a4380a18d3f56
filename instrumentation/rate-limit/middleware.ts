import type { Request, RequestHandler } from 'express';
import { errorBody } from '../http/error-handler.js';
import { serverSpan } from '../tracing/spans.js';
import {
  ATTR_RATELIMIT_DECISION,
  ATTR_RATELIMIT_FALLBACK,
  ATTR_RATELIMIT_LIMIT,
  ATTR_RATELIMIT_POLICY,
  ATTR_RATELIMIT_REMAINING,
  ATTR_RATELIMIT_RETRY_AFTER_MS,
  DECISION_ALLOWED,
  DECISION_REJECTED,
} from './attributes.js';
import { clientIdentity } from '../identity/client-identity.js';
import { retryAfterSeconds, setRateLimitHeaders } from './headers.js';
import type { TokenBucketLimiter } from './token-bucket-limiter.js';
import type { AcquireResult } from './types.js';

export interface RateLimitMiddlewareOptions {
  /** Tokens a request takes; 1 when not given. */
  cost?: (req: Request) => number;
}

/**
 * Limits a route or prefix per client (see clientIdentity): headers on every response it passes or
 * refuses, 429 with Retry-After and `retryAfterMs` when the bucket is empty.
 */
export function rateLimitMiddleware(
  limiter: TokenBucketLimiter,
  options: RateLimitMiddlewareOptions = {},
): RequestHandler {
  return async (req, res, next) => {
    const cost = options.cost ? options.cost(req) : 1;
    const result = await limiter.acquire(clientIdentity(req), cost);
    annotateServerSpan(limiter.name, result);
    setRateLimitHeaders(res, limiter, result);
    if (result.acquired) {
      next();
      return;
    }
    const seconds = retryAfterSeconds(result.retryAfterMs);
    res.status(429).json({
      ...errorBody('rate_limited', `Too many requests: retry in ${seconds} s`),
      retryAfterMs: result.retryAfterMs,
    });
  };
}

/** On the http server span (from the instrumentation's RPC metadata), else on the active span. */
function annotateServerSpan(policy: string, result: AcquireResult): void {
  const span = serverSpan();
  if (!span?.isRecording()) return;
  span.setAttributes({
    [ATTR_RATELIMIT_POLICY]: policy,
    [ATTR_RATELIMIT_DECISION]: result.acquired ? DECISION_ALLOWED : DECISION_REJECTED,
    [ATTR_RATELIMIT_REMAINING]: result.remaining,
    [ATTR_RATELIMIT_LIMIT]: result.limit,
    [ATTR_RATELIMIT_FALLBACK]: result.fallback,
    ...(result.acquired ? {} : { [ATTR_RATELIMIT_RETRY_AFTER_MS]: result.retryAfterMs }),
  });
}
