import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';
import { PersistentCache } from '../../instrumentation/cache/persistent-cache.js';
import { TokenBucketLimiter } from '../../instrumentation/rate-limit/token-bucket-limiter.js';
import { InProcessReader } from '../../instrumentation/telemetry/in-process-reader.js';
import { histogramPoints, sumOf } from '../../instrumentation/telemetry/metric-data.js';

const reader = new InProcessReader();
const provider = new MeterProvider({ readers: [reader] });

beforeAll(() => {
  metrics.setGlobalMeterProvider(provider);
});

afterAll(async () => {
  await provider.shutdown();
  metrics.disable();
});

describe('instruments of the shared parts', () => {
  it('when a limiter allows C requests and refuses the next, then decisions and the told wait are counted by policy and outcome', async () => {
    const limiter = new TokenBucketLimiter({
      name: 'metrics-test',
      capacity: 3,
      // One token every 100 s: the milliseconds this test takes cannot move the wait told by a second.
      refillPerSecond: 0.01,
      redisUrl: undefined,
    });
    for (let i = 0; i < 4; i += 1) await limiter.acquire('client-a');
    await limiter.close();

    const collected = await reader.read();
    const policy = { 'ratelimit.policy': 'metrics-test' };
    expect(sumOf(collected, 'ratelimit.decisions', { ...policy, 'ratelimit.outcome': 'allowed' })).toBe(3);
    expect(sumOf(collected, 'ratelimit.decisions', { ...policy, 'ratelimit.outcome': 'limited' })).toBe(1);
    const waits = histogramPoints(collected, 'ratelimit.retry_after');
    expect(waits).toHaveLength(1);
    expect(waits[0]?.value.count).toBe(1);
    expect(waits[0]?.value.sum).toBeCloseTo(100, 0);
    // The client never becomes an attribute.
    const attributeValues = collected.scopeMetrics
      .flatMap((s) => s.metrics)
      .flatMap((m) => m.dataPoints.flatMap((p) => Object.values(p.attributes)));
    expect(attributeValues).not.toContain('client-a');
  });

  it('when a cache misses once and then hits in L1, then each lookup is counted by tier and outcome and the L1 size is reported', async () => {
    const cache = new PersistentCache<number>({ name: 'metrics-cache', ttlMs: 60_000, redis: undefined });
    await cache.getOrSet('k', () => Promise.resolve(42));
    await cache.get('k');

    const collected = await reader.read();
    const named = { 'cache.name': 'metrics-cache' };
    expect(
      sumOf(collected, 'cache.lookups', { ...named, 'cache.tier': 'none', 'cache.outcome': 'miss' }),
    ).toBe(1);
    expect(sumOf(collected, 'cache.lookups', { ...named, 'cache.tier': 'l1', 'cache.outcome': 'hit' })).toBe(
      1,
    );
    expect(sumOf(collected, 'cache.l1.entries', named)).toBe(1);
    expect(sumOf(collected, 'cache.l1.size', named)).toBe(2);
  });

  it('when a breaker opens, then its state gauge reads 2 and the transition is counted', async () => {
    const registry = new BreakerRegistry({ defaults: { volumeThreshold: 1, errorThresholdPercentage: 1 } });
    const breaker = registry.getOrCreate('upstream:metrics');
    await expect(breaker.call(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(breaker.state).toBe('open');

    const named = { 'breaker.name': 'upstream:metrics' };
    const collected = await reader.read();
    expect(sumOf(collected, 'breaker.state', named)).toBe(2);
    expect(sumOf(collected, 'breaker.transitions', { ...named, 'breaker.state': 'open' })).toBe(1);
    registry.shutdown();
  });
});
