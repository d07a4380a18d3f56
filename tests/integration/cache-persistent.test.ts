import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PersistentCache, type PersistentCacheOptions } from '../../instrumentation/cache/index.js';
import { closeRedis, createRedis } from '../../instrumentation/redis/client.js';
import { RedisServer } from '../support/redis-server.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { useInProcessMetrics } from '../support/in-process-metrics.js';

const sdkMetrics = useInProcessMetrics();

// Pinned here rather than imported: the stored format is shared with other replicas and releases.
const MAGIC = 0xca;
const TAG = { json: 0x6a, gzip: 0x67, brotli: 0x62 };
const storedKey = (name: string, key: string) =>
  `cache:${name}:${createHash('sha256').update(key).digest('hex')}`;

describe('persistent cache against a real Redis', () => {
  let server: RedisServer;
  let inspect: Redis;
  const clients: Redis[] = [];
  let seq = 0;

  const uniqueName = () => `test-${process.pid}-${++seq}`;
  const client = () => {
    const redis = createRedis(server.url, 'cache-test');
    clients.push(redis);
    return redis;
  };
  const cache = <T = unknown>(options: Partial<PersistentCacheOptions> & { name: string }) =>
    new PersistentCache<T>({ redis: client(), ttlMs: 10_000, ...options });
  const deferred = () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { gate, release };
  };

  beforeAll(async () => {
    server = await RedisServer.start();
    inspect = server.client();
  });

  afterEach(async () => {
    while (clients.length > 0) await closeRedis(clients.pop() as Redis);
  });

  afterAll(async () => {
    await inspect?.quit();
    await server?.destroy();
  });

  describe('tiers and expiry', () => {
    it('when a value is set, then it is found in L1 and Redis holds it under a hashed, namespaced key with its TTL', async () => {
      const name = uniqueName();
      const c = cache({ name, ttlMs: 5_000 });

      await c.set('prompt: tell me a secret', { answer: 42 });

      expect(await c.lookup('prompt: tell me a secret')).toEqual({ value: { answer: 42 }, tier: 'l1' });
      const keys = await inspect.keys(`cache:${name}:*`);
      expect(keys).toEqual([storedKey(name, 'prompt: tell me a secret')]);
      expect(keys[0]).not.toContain('secret');
      const pttl = await inspect.pttl(keys[0] as string);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(5_000);
    });

    it('when the TTL passes, then the value is gone from L1 and from Redis', async () => {
      const name = uniqueName();
      const c = cache({ name, ttlMs: 150 });
      await c.set('k', 'v');
      expect(await c.get('k')).toBe('v');

      await waitFor(async () => ((await c.get('k')) === undefined ? true : undefined), {
        timeoutMs: 3_000,
        what: 'L1 expiry',
      });
      await waitFor(async () => ((await inspect.exists(storedKey(name, 'k'))) === 0 ? true : undefined), {
        timeoutMs: 3_000,
        what: 'L2 expiry',
      });
      expect(c.getStats(await sdkMetrics.collect()).misses).toBeGreaterThanOrEqual(1);
    });

    it('when a per-call ttl is given, then it overrides the instance TTL in both tiers', async () => {
      const name = uniqueName();
      const c = cache({ name, ttlMs: 60_000 });

      await c.set('short', 1, { ttlMs: 150 });

      expect(await inspect.pttl(storedKey(name, 'short'))).toBeLessThanOrEqual(150);
      await waitFor(async () => ((await c.get('short')) === undefined ? true : undefined), {
        timeoutMs: 3_000,
        what: 'per-call expiry',
      });
    });

    it('when an L2 hit fills L1, then the L1 copy expires with the remaining Redis TTL, not the instance TTL', async () => {
      const name = uniqueName();
      const writer = cache({ name, ttlMs: 60_000 });
      const reader = cache({ name, ttlMs: 60_000 });
      await writer.set('k', 'v');
      await inspect.pexpire(storedKey(name, 'k'), 200);

      expect(await reader.lookup('k')).toEqual({ value: 'v', tier: 'l2' });
      expect(await reader.lookup('k')).toEqual({ value: 'v', tier: 'l1' });

      await waitFor(async () => ((await reader.get('k')) === undefined ? true : undefined), {
        timeoutMs: 3_000,
        what: 'L1 copy to expire with L2',
      });
    });

    it('when an L2 read lands in the last millisecond of the Redis TTL, then L1 does not keep the value past it', async () => {
      // Redis answers PTTL 0 for a key that expires within the current millisecond: taken as "no
      // expiry", it once gave the L1 copy the instance TTL, and a value outlived its expiry by that much.
      // Each attempt reads one key without pause until Redis has dropped it, so some reads land in that
      // millisecond; soon after expiry, L1 must not answer.
      const name = uniqueName();
      const writer = cache({ name, ttlMs: 60_000 });
      const reader = cache({ name, ttlMs: 60_000 });
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const key = `k${attempt}`;
        await writer.set(key, 'v');
        await inspect.pexpire(storedKey(name, key), 5);
        while ((await inspect.exists(storedKey(name, key))) === 1) await reader.lookup(key);
        // L1's clock starts when the reply arrives, so its copy may outlive Redis's by that trip: allow 20 ms.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await reader.lookup(key), `attempt ${attempt}`).toBeUndefined();
      }
    });

    it('when two instances share a name, then one finds what the other stored, and so does a new instance after a restart', async () => {
      const name = uniqueName();
      const first = cache({ name });
      const second = cache({ name });
      const other = cache({ name: uniqueName() });

      await first.set('report:2024', { total: 7 });

      expect(await second.lookup('report:2024')).toEqual({ value: { total: 7 }, tier: 'l2' });
      expect(await other.get('report:2024')).toBeUndefined();
      await closeRedis(clients.shift() as Redis);
      const restarted = cache({ name });
      expect(await restarted.lookup('report:2024')).toEqual({ value: { total: 7 }, tier: 'l2' });
      // Counted by name, as Prometheus sees them: second's hit and restarted's.
      expect(second.getStats(await sdkMetrics.collect())).toMatchObject({
        hits: { l1: 0, l2: 2, total: 2 },
        redisAvailable: true,
      });
    });

    it('when a key is deleted, then neither tier nor another instance finds it', async () => {
      const name = uniqueName();
      const a = cache({ name });
      const b = cache({ name });
      await a.set('k', 1);

      await a.delete('k');

      expect(await a.get('k')).toBeUndefined();
      expect(await b.get('k')).toBeUndefined();
      expect(await inspect.exists(storedKey(name, 'k'))).toBe(0);
      expect(a.getStats(await sdkMetrics.collect()).deletes).toBe(1);
    });

    it('when L1 is full by entries or by bytes, then the least recently used entries are evicted and counted', async () => {
      const byEntries = new PersistentCache<number>({
        name: uniqueName(),
        redis: undefined,
        ttlMs: 10_000,
        l1MaxEntries: 3,
      });
      for (const n of [1, 2, 3]) await byEntries.set(`k${n}`, n);
      await byEntries.get('k1');
      await byEntries.set('k4', 4);
      await byEntries.set('k5', 5);

      expect(byEntries.getStats(await sdkMetrics.collect())).toMatchObject({
        evictions: 2,
        l1: { entries: 3 },
        redisAvailable: false,
      });
      expect(await byEntries.get('k1')).toBe(1);
      expect(await byEntries.get('k2')).toBeUndefined();

      const byBytes = new PersistentCache<string>({
        name: uniqueName(),
        redis: undefined,
        ttlMs: 10_000,
        l1MaxBytes: 100,
      });
      for (const n of [1, 2, 3, 4]) await byBytes.set(`k${n}`, 'x'.repeat(38));

      expect(byBytes.getStats(await sdkMetrics.collect()).evictions).toBe(2);
      expect(byBytes.getStats(await sdkMetrics.collect()).l1.bytes).toBeLessThanOrEqual(100);
    });
  });

  describe('stored format', () => {
    const large = { text: 'the same sentence again and again. '.repeat(300) };
    const largeJson = Buffer.byteLength(JSON.stringify(large));

    it('when a value is above the threshold, then Redis holds fewer bytes than its JSON behind the compressed tag, and it reads back intact', async () => {
      const name = uniqueName();
      const writer = cache({ name });

      await writer.set('big', large);

      const raw = (await inspect.getBuffer(storedKey(name, 'big'))) as Buffer;
      expect(raw.length).toBeLessThan(largeJson / 4);
      expect([raw[0], raw[1]]).toEqual([MAGIC, TAG.brotli]);
      expect(await cache({ name }).lookup('big')).toEqual({ value: large, tier: 'l2' });
      expect(writer.getStats(await sdkMetrics.collect()).bytes).toEqual({
        raw: largeJson,
        stored: raw.length,
      });
    });

    it('when compression is switched off, then the value is stored as raw JSON and still reads back', async () => {
      const name = uniqueName();

      await cache({ name, compression: false }).set('big', large);

      const raw = (await inspect.getBuffer(storedKey(name, 'big'))) as Buffer;
      expect([raw[0], raw[1]]).toEqual([MAGIC, TAG.json]);
      expect(raw.length).toBe(largeJson + 2);
      expect(await cache({ name }).get('big')).toEqual(large);
    });

    it('when the stored value is corrupt, then it is a miss, it is deleted and the error is counted', async () => {
      const name = uniqueName();
      const c = cache({ name });
      const corrupt = [
        Buffer.from('not ours'),
        Buffer.from([MAGIC, TAG.gzip, 1, 2, 3, 4]),
        Buffer.from([MAGIC, TAG.json, ...Buffer.from('{"half":')]),
      ];

      for (const [i, value] of corrupt.entries()) {
        await inspect.set(storedKey(name, `bad${i}`), value, 'PX', 10_000);
        await expect(c.lookup(`bad${i}`)).resolves.toBeUndefined();
        expect(await inspect.exists(storedKey(name, `bad${i}`))).toBe(0);
      }
      expect(c.getStats(await sdkMetrics.collect())).toMatchObject({
        errors: 3,
        misses: 3,
        redisAvailable: true,
      });
    });

    it('when the stored value is a decompression bomb, then it is a miss and deleted, not inflated', async () => {
      const name = uniqueName();
      const c = cache({ name, maxDecompressedBytes: 64 * 1024 });
      const bomb = gzipSync(Buffer.from(`"${'a'.repeat(16 * 1024 * 1024)}"`));
      await inspect.set(storedKey(name, 'bomb'), Buffer.concat([Buffer.from([MAGIC, TAG.gzip]), bomb]));

      const value = await c.getOrSet('bomb', async () => 'recomputed');

      expect(value).toBe('recomputed');
      expect(c.getStats(await sdkMetrics.collect()).errors).toBe(1);
      const raw = (await inspect.getBuffer(storedKey(name, 'bomb'))) as Buffer;
      expect(raw.subarray(2).toString()).toBe('"recomputed"');
    });
  });

  describe('getOrSet', () => {
    it('when 100 calls ask for one missing key at once, then the factory runs once and all get its value', async () => {
      const c = cache<{ n: number }>({ name: uniqueName() });
      const { gate, release } = deferred();
      let runs = 0;
      const factory = async () => {
        runs++;
        await gate;
        return { n: runs };
      };

      const calls = Array.from({ length: 100 }, () => c.getOrSet('hot', factory));
      release();
      const values = await Promise.all(calls);

      expect(runs).toBe(1);
      expect(values.every((v) => v.n === 1)).toBe(true);
      expect(await c.getOrSet('hot', factory)).toEqual({ n: 1 });
      expect(runs).toBe(1);
      expect(c.getStats(await sdkMetrics.collect())).toMatchObject({
        hits: { l1: 1 },
        misses: 100,
        sets: 1,
      });
    });

    it('when the factory fails, then every waiter rejects with its error and nothing is cached', async () => {
      const name = uniqueName();
      const c = cache({ name });
      const { gate, release } = deferred();
      let runs = 0;
      const failing = async () => {
        runs++;
        await gate;
        throw new Error('provider down');
      };

      const calls = Array.from({ length: 20 }, () => c.getOrSet('k', failing));
      release();
      const results = await Promise.allSettled(calls);

      expect(runs).toBe(1);
      expect(
        results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'provider down'),
      ).toBe(true);
      expect(await c.get('k')).toBeUndefined();
      expect(await inspect.exists(storedKey(name, 'k'))).toBe(0);
      expect(await c.getOrSet('k', async () => 'ok')).toBe('ok');
    });

    it('when the value is already in L2, then getOrSet answers from it without running the factory', async () => {
      const name = uniqueName();
      await cache({ name }).set('k', 'stored');

      const value = await cache({ name }).getOrSet('k', async () => 'computed');

      expect(value).toBe('stored');
    });
  });
});
