import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersistentCache } from '../../instrumentation/cache/index.js';
import { closeRedis, createRedis } from '../../instrumentation/redis/client.js';
import { RedisServer } from '../support/redis-server.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { useInProcessMetrics } from '../support/in-process-metrics.js';

const sdkMetrics = useInProcessMetrics();

/** A pino logger whose lines land in an array, to count outage log lines. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

const SLOW_TIMEOUT_MS = 10_000;
const PAUSE_MS = 10_000;

async function timed<R>(work: () => Promise<R>): Promise<{ value: R; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('persistent cache while Redis dies and comes back', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const client = () => {
    const redis = createRedis(server.url, 'cache-outage-test');
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    server = await RedisServer.start();
  });

  afterAll(async () => {
    for (const redis of clients) await closeRedis(redis);
    await server?.destroy();
  });

  it('when Redis is stopped mid-use, then get, set and getOrSet answer at once without throwing, and L2 is used again once it returns', async () => {
    const { logger, lines } = capturingLogger();
    const redis = client();
    // A Redis timeout far longer than any answer here: a call that waited for it, rather than failing
    // fast on a client that is not ready, would show as taking seconds, however busy the machine.
    const cache = new PersistentCache<string>({
      name: 'outage',
      redis,
      ttlMs: 60_000,
      logger,
      redisTimeoutMs: SLOW_TIMEOUT_MS,
    });
    const otherReplica = new PersistentCache<string>({ name: 'outage', redis: client(), ttlMs: 60_000 });
    await cache.set('before', 'cached before the outage');
    expect(cache.redisAvailable).toBe(true);

    await server.stop();
    await waitFor(() => (redis.status === 'ready' ? undefined : true), {
      timeoutMs: 5_000,
      what: 'client to see the outage',
    });

    const fromL1 = await timed(() => cache.lookup('before'));
    const missing = await timed(() => cache.get('never-set'));
    const set = await timed(() => cache.set('during', 'written during the outage'));
    const computed = await timed(() => cache.getOrSet('computed', async () => 'from the factory'));
    const again = await timed(() => cache.getOrSet('computed', async () => 'not run'));

    expect(fromL1.value).toEqual({ value: 'cached before the outage', tier: 'l1' });
    expect(missing.value).toBeUndefined();
    expect(computed.value).toBe('from the factory');
    expect(again.value).toBe('from the factory');
    for (const call of [fromL1, missing, set, computed, again])
      expect(call.ms).toBeLessThan(SLOW_TIMEOUT_MS / 2);
    const during = cache.getStats(await sdkMetrics.collect());
    expect(during.redisAvailable).toBe(false);
    expect(during.errors).toBeGreaterThanOrEqual(3);

    await server.start();
    const found = await waitFor(
      async () => {
        await otherReplica.set('after', 'written by another replica');
        const hit = await cache.lookup('after');
        return hit?.tier === 'l2' ? hit : undefined;
      },
      { timeoutMs: 10_000, what: 'L2 to be used again' },
    );

    expect(found.value).toBe('written by another replica');
    expect(cache.redisAvailable).toBe(true);
    const outageLines = lines.filter((l) => l.msg.includes('Redis unavailable'));
    const recoveryLines = lines.filter((l) => l.msg.includes('Redis available again'));
    expect(outageLines).toHaveLength(1);
    expect(outageLines[0]?.level).toBe(40);
    expect(recoveryLines).toHaveLength(1);
    expect(recoveryLines[0]?.level).toBe(30);
  });

  it('when Redis accepts commands but does not answer, then each call gives up after the Redis timeout', async () => {
    const redis = client();
    const admin = server.client();
    const cache = new PersistentCache<string>({ name: 'paused', redis, ttlMs: 60_000, redisTimeoutMs: 100 });
    await cache.set('k', 'v');
    const fresh = new PersistentCache<string>({ name: 'paused', redis, ttlMs: 60_000, redisTimeoutMs: 100 });

    // Paused far longer than the cache's timeout and unpaused by the test: a call that returns in less
    // than half the pause gave up on its own, whatever the machine's speed.
    await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
    try {
      const read = await timed(() => fresh.get('k'));
      const computed = await timed(() => fresh.getOrSet('other', async () => 'computed'));

      expect(read.value).toBeUndefined();
      expect(computed.value).toBe('computed');
      expect(read.ms).toBeLessThan(PAUSE_MS / 2);
      expect(computed.ms).toBeLessThan(PAUSE_MS / 2);
      expect(fresh.getStats(await sdkMetrics.collect()).errors).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      await admin.quit();
    }
  });

  it('when a cache is created before its client has connected, then its first call waits for the connection instead of failing', async () => {
    const cache = new PersistentCache<string>({ name: 'startup', redis: client(), ttlMs: 60_000 });

    await cache.set('k', 'v');

    expect(cache.getStats(await sdkMetrics.collect())).toMatchObject({
      errors: 0,
      redisAvailable: true,
      bytes: { raw: 3 },
    });
  });
});
