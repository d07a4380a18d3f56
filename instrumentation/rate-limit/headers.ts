import type { Response } from 'express';
import type { AcquireResult } from './types.js';

/** Retry-After in whole seconds, at least 1 (RFC 9110 delay-seconds). */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/**
 * The headers of every limited response. `RateLimit-Policy` and `RateLimit` follow the structured-field
 * form of draft-ietf-httpapi-ratelimit-headers-10/-11
 * (https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/):
 *   RateLimit-Policy: "<name>";q=<C>;w=<seconds to refill C>   RateLimit: "<name>";r=<remaining>;t=<s>
 * `t` is the time until the bucket is full; on a refusal it is the Retry-After value, since the draft
 * (section 6) says Retry-After should not point before the end of that window. The legacy
 * X-RateLimit-* trio is kept for clients that only know it; X-RateLimit-Reset is seconds until full.
 */
export function setRateLimitHeaders(
  res: Response,
  policy: { name: string; capacity: number; refillPerSecond: number },
  result: AcquireResult,
): void {
  const windowSeconds = Math.max(1, Math.ceil(policy.capacity / policy.refillPerSecond));
  const resetSeconds = Math.ceil(result.resetMs / 1000);
  const effectiveSeconds = result.acquired ? resetSeconds : retryAfterSeconds(result.retryAfterMs);
  res.setHeader('RateLimit-Policy', `"${policy.name}";q=${policy.capacity};w=${windowSeconds}`);
  res.setHeader('RateLimit', `"${policy.name}";r=${result.remaining};t=${effectiveSeconds}`);
  res.setHeader('X-RateLimit-Limit', String(result.limit));
  res.setHeader('X-RateLimit-Remaining', String(result.remaining));
  res.setHeader('X-RateLimit-Reset', String(resetSeconds));
  if (!result.acquired) res.setHeader('Retry-After', String(retryAfterSeconds(result.retryAfterMs)));
}
