import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  TokenBucketLimiter,
  type AcquireResult,
  type TokenBucketOptions,
} from '../../instrumentation/rate-limit/index.js';
import { redisKeyOf } from '../../instrumentation/rate-limit/redis-token-bucket.js';
import { RedisServer } from '../support/redis-server.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { useInProcessMetrics } from '../support/in-process-metrics.js';

const sdkMetrics = useInProcessMetrics();

describe('token bucket limiter on a real Redis', () => {
  let redis: RedisServer;
  let inspect: Redis;
  const limiters: TokenBucketLimiter[] = [];
  let seq = 0;

  /** A limiter with its own connection, once that connection is ready (else it decides in memory). */
  async function connectedLimiter(
    options: Omit<TokenBucketOptions, 'name' | 'redisUrl'> & { name?: string },
  ) {
    seq += 1;
    const created = new TokenBucketLimiter({ name: `t${seq}`, redisUrl: redis.url, ...options });
    limiters.push(created);
    await waitFor(() => created.redisAvailable || undefined, {
      what: 'limiter connection',
    });
    return created;
  }

  async function scriptCalls(): Promise<number> {
    const info = await inspect.info('commandstats');
    return [...info.matchAll(/^cmdstat_(?:eval|evalsha):calls=(\d+)/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
  }

  beforeAll(async () => {
    redis = await RedisServer.start();
    inspect = redis.client();
  });

  afterEach(async () => {
    while (limiters.length > 0) await limiters.pop()?.close();
  });

  afterAll(async () => {
    inspect?.disconnect();
    await redis?.destroy();
  });

  it('when C requests arrive at once, then C pass and the next is refused with the wait for one token', async () => {
    const limiter = await connectedLimiter({ capacity: 5, refillPerSecond: 1 });

    const taken = [];
    for (let i = 0; i < 5; i += 1) taken.push(await limiter.acquire('client-a'));
    const refused = await limiter.acquire('client-a');

    expect(taken.map((r) => [r.acquired, r.remaining, r.fallback])).toEqual([
      [true, 4, false],
      [true, 3, false],
      [true, 2, false],
      [true, 1, false],
      [true, 0, false],
    ]);
    expect(taken[4]?.resetMs).toBeGreaterThan(4_500);
    expect(taken[4]?.resetMs).toBeLessThanOrEqual(5_000);
    expect(refused).toMatchObject({ acquired: false, remaining: 0, limit: 5, fallback: false });
    expect(refused.retryAfterMs).toBeGreaterThan(800);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
    expect(refused.resetMs).toBeGreaterThanOrEqual(refused.retryAfterMs + 4_000);
    expect(limiter.getStats(await sdkMetrics.collect())).toMatchObject({
      allowed: 5,
      rejected: 1,
      rejectionRate: 0.1667,
      fallbackDecisions: 0,
      storeErrors: 0,
      waitMs: { mean: refused.retryAfterMs, max: refused.retryAfterMs },
      redisAvailable: true,
    });
  });

  it('when the bucket is drained, then one token comes back after about 1/R, not before', async () => {
    const limiter = await connectedLimiter({ capacity: 5, refillPerSecond: 10 });
    // Drained until refused rather than by exactly C takes: on a busy machine a token can refill while
    // the bucket is being drained.
    let refused: AcquireResult | undefined;
    let taken = 0;
    // When the refusing call was sent: its decision came later, so the told wait counts from after it.
    let refusedAt = 0;
    while (!refused && taken < 50) {
      refusedAt = performance.now();
      const result = await limiter.acquire('client-b');
      if (result.acquired) taken += 1;
      else refused = result;
    }
    if (!refused) throw new Error('the bucket never emptied');
    expect(taken).toBeGreaterThanOrEqual(5);

    await waitFor(async () => ((await limiter.acquire('client-b')).acquired ? true : undefined), {
      timeoutMs: 2_000,
      intervalMs: 5,
      what: 'a refilled token',
    });
    const waited = performance.now() - refusedAt;

    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    // Not before the told wait (less a millisecond of rounding between Redis' clock and ours).
    expect(waited).toBeGreaterThanOrEqual(refused.retryAfterMs - 2);
  });

  it('when a request takes several tokens, then it needs them all, and what it took is shared', async () => {
    const first = await connectedLimiter({ capacity: 10, refillPerSecond: 1, name: 'multi' });
    const second = await connectedLimiter({ capacity: 10, refillPerSecond: 1, name: 'multi' });

    const big = await first.acquire('client-c', 8);
    const tooBig = await first.acquire('client-c', 3);
    const fits = await second.acquire('client-c', 2);

    expect(big).toMatchObject({ acquired: true, remaining: 2 });
    expect(tooBig).toMatchObject({ acquired: false, remaining: 2 });
    expect(tooBig.retryAfterMs).toBeGreaterThan(900);
    expect(tooBig.retryAfterMs).toBeLessThanOrEqual(1_000);
    expect(fits).toMatchObject({ acquired: true, remaining: 0 });
    await expect(first.acquire('client-c', 11)).rejects.toThrow(RangeError);
    await expect(first.acquire('client-c', 0)).rejects.toThrow(RangeError);
  });

  it('when a client is counted, then its Redis key is rl:<name>:<hash of client>, never the address, and expires once the bucket is full', async () => {
    // Full again 1 s after the second take: long enough that a stalled machine still reads the key before it goes.
    const limiter = await connectedLimiter({ capacity: 3, refillPerSecond: 2, name: 'expiry' });
    await limiter.acquire('ip:192.0.2.1');
    await limiter.acquire('ip:192.0.2.1');

    const key = `rl:expiry:${redisKeyOf('ip:192.0.2.1')}`;
    expect(await inspect.keys('*192.0.2.1*')).toEqual([]);
    const ttl = await inspect.pttl(key);
    expect(await inspect.type(key)).toBe('hash');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
    await waitFor(async () => ((await inspect.exists(key)) === 0 ? true : undefined), {
      timeoutMs: 4_000,
      intervalMs: 10,
      what: 'the full bucket key to expire',
    });
  });

  it('when a refused client asks again before its retry time, then it is refused from memory without a Redis call', async () => {
    const limiter = await connectedLimiter({ capacity: 2, refillPerSecond: 0.5 });
    await limiter.acquire('client-d');
    await limiter.acquire('client-d');
    const first = await limiter.acquire('client-d');
    const callsBefore = await scriptCalls();

    const again = [];
    for (let i = 0; i < 20; i += 1) again.push(await limiter.acquire('client-d'));

    expect(first.acquired).toBe(false);
    expect(await scriptCalls()).toBe(callsBefore);
    expect(
      again.every((r) => !r.acquired && r.retryAfterMs > 0 && r.retryAfterMs <= first.retryAfterMs),
    ).toBe(true);
    expect(limiter.getStats(await sdkMetrics.collect())).toMatchObject({
      allowed: 2,
      rejected: 21,
      fallbackDecisions: 0,
    });
    // Another client is still decided by Redis.
    await limiter.acquire('client-e');
    expect(await scriptCalls()).toBe(callsBefore + 1);
  });
});
