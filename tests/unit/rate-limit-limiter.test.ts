import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from '../../instrumentation/rate-limit/index.js';
import { useInProcessMetrics } from '../support/in-process-metrics.js';

const sdkMetrics = useInProcessMetrics();

describe('token bucket limiter without Redis', () => {
  it('when no Redis URL is given, then it decides in memory and its stats say so', async () => {
    const limiter = new TokenBucketLimiter({
      name: 'local',
      capacity: 2,
      refillPerSecond: 1,
      redisUrl: undefined,
    });

    const results = [await limiter.acquire('a'), await limiter.acquire('a'), await limiter.acquire('a')];
    await limiter.close();

    expect(results.map((r) => r.acquired)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ remaining: 0, limit: 2, fallback: false });
    expect(results[2]?.retryAfterMs).toBeGreaterThan(900);
    expect(limiter.getStats(await sdkMetrics.collect())).toEqual({
      name: 'local',
      capacity: 2,
      refillPerSecond: 1,
      allowed: 2,
      rejected: 1,
      rejectionRate: 0.3333,
      fallbackDecisions: 0,
      storeErrors: 0,
      waitMs: { mean: results[2]?.retryAfterMs, max: results[2]?.retryAfterMs },
      redisAvailable: false,
    });
  });

  it('when options are invalid, then the constructor names the problem', () => {
    const base = { name: 'x', capacity: 1, refillPerSecond: 1, redisUrl: undefined };
    expect(() => new TokenBucketLimiter({ ...base, name: 'has space' })).toThrow(/name/);
    expect(() => new TokenBucketLimiter({ ...base, capacity: 1.5 })).toThrow(/capacity/);
    expect(() => new TokenBucketLimiter({ ...base, refillPerSecond: 0 })).toThrow(/refillPerSecond/);
    expect(() => new TokenBucketLimiter({ ...base, storeTimeoutMs: 0 })).toThrow(/storeTimeoutMs/);
  });

  it('when a caller asks for no key or impossible tokens, then acquire rejects with a RangeError', async () => {
    const limiter = new TokenBucketLimiter({
      name: 'args',
      capacity: 3,
      refillPerSecond: 1,
      redisUrl: undefined,
    });
    await expect(limiter.acquire('')).rejects.toThrow(RangeError);
    await expect(limiter.acquire('a', 4)).rejects.toThrow(RangeError);
    await expect(limiter.acquire('a', 1.5)).rejects.toThrow(RangeError);
  });
});
