import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../instrumentation/http/error-handler.js';
import { rateLimitMiddleware, TokenBucketLimiter } from '../../instrumentation/rate-limit/index.js';
import { redisKeyOf } from '../../instrumentation/rate-limit/redis-token-bucket.js';
import { RedisServer } from '../support/redis-server.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { acceptGatewayIdentity } from '../../instrumentation/identity/gateway-identity.js';
import { IdentityProof } from '../../instrumentation/identity/identity-proof.js';
import { useInProcessMetrics } from '../support/in-process-metrics.js';

const sdkMetrics = useInProcessMetrics();

/** Clients are told apart as behind the gateway: by an identity signed under this secret. */
const SECRET = 'rate-limit-test-secret-'.padEnd(40, '0');
const as = (client: string) => new IdentityProof(SECRET).headers(`client:${client}`);

/** Keeps the Redis server busy for `ms`: every other client's command waits, as on a hung server. */
/** How long the busy script holds Redis. */
const BUSY_MS = 400;
const BUSY_LUA = `
local function now() local t = redis.call('TIME') return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 end
local start = now()
while now() - start < tonumber(ARGV[1]) do end
return 1
`;

/** A logger whose lines the test reads. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('rate limiter while Redis stops and comes back', () => {
  let redis: RedisServer;
  let limiter: TokenBucketLimiter;
  let server: Server;
  let baseUrl: string;
  const { logger, lines } = capturingLogger();

  beforeAll(async () => {
    redis = await RedisServer.start();
    limiter = new TokenBucketLimiter({
      name: 'outage',
      capacity: 3,
      refillPerSecond: 0.1,
      redisUrl: redis.url,
      logger,
    });
    await waitFor(() => limiter.redisAvailable || undefined, {
      what: 'limiter connection',
    });
    const app = express();
    app.use(acceptGatewayIdentity(SECRET));
    app.use('/limited', rateLimitMiddleware(limiter));
    app.get('/limited/ping', (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler(logger));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await limiter?.close();
    await redis?.destroy();
  });

  it('when Redis hangs, then a decision still answers from memory while Redis is still busy', async () => {
    const hung = new TokenBucketLimiter({
      name: 'hang',
      capacity: 3,
      refillPerSecond: 1,
      redisUrl: redis.url,
      // The default (250 ms) suits a loaded host; a latency-critical service may tune it down like this.
      storeTimeoutMs: 30,
    });
    const busy = redis.client();
    try {
      await waitFor(() => hung.redisAvailable || undefined, {
        what: 'limiter connection',
      });
      const busyDone = busy.eval(BUSY_LUA, 0, String(BUSY_MS));
      const timings: number[] = [];
      // Until the busy script holds the server, decisions still come from Redis.
      const fallback = await waitFor(
        async () => {
          const started = performance.now();
          const result = await hung.acquire('hang-client');
          timings.push(performance.now() - started);
          return result.fallback ? result : undefined;
        },
        { timeoutMs: 2_000, intervalMs: 1, what: 'a decision while Redis is busy' },
      );
      await busyDone;

      expect(fallback.acquired).toBe(true);
      // Answered while Redis was still busy: no decision waited for Redis to come back.
      expect(Math.max(...timings)).toBeLessThan(BUSY_MS);
      expect(hung.getStats(await sdkMetrics.collect()).storeErrors).toBeGreaterThanOrEqual(1);
    } finally {
      busy.disconnect();
      await hung.close();
    }
  });

  it('when Redis stops mid-use, then each decision comes from memory within 50 ms, nothing throws, and fresh clients pass', async () => {
    expect(await limiter.acquire('steady')).toMatchObject({ acquired: true, fallback: false });

    await redis.stop();
    const timings: number[] = [];
    const results = [];
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      results.push(await limiter.acquire(`fresh-${i}`));
      timings.push(performance.now() - started);
    }
    const res = await fetch(`${baseUrl}/limited/ping`, { headers: as('fresh-http-client') });

    expect(Math.max(...timings)).toBeLessThan(50);
    expect(results.every((r) => r.acquired && r.fallback)).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit')).toBe('"outage";r=2;t=10');
    const stats = limiter.getStats(await sdkMetrics.collect());
    expect(stats.fallbackDecisions).toBe(21);
    expect(stats.storeErrors).toBe(21);
    expect(stats.redisAvailable).toBe(false);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/store unavailable/);
  });

  it('when Redis is down and a client empties its in-memory bucket, then that is a refusal, not an error', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await fetch(`${baseUrl}/limited/ping`, { headers: as('busy-client') });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('when Redis returns, then the shared bucket is used again without a restart', async () => {
    await redis.start();
    await waitFor(() => limiter.redisAvailable || undefined, {
      timeoutMs: 10_000,
      what: 'the limiter to reconnect',
    });

    const after = [];
    for (let i = 0; i < 3; i += 1) after.push(await limiter.acquire('after-return'));
    const other = new TokenBucketLimiter({
      name: 'outage',
      capacity: 3,
      refillPerSecond: 0.1,
      redisUrl: redis.url,
    });
    try {
      await waitFor(() => other.redisAvailable || undefined, {
        what: 'second limiter connection',
      });
      const seenByOther = await other.acquire('after-return');

      expect(after.map((r) => [r.acquired, r.fallback])).toEqual([
        [true, false],
        [true, false],
        [true, false],
      ]);
      expect(seenByOther).toMatchObject({ acquired: false, fallback: false });
    } finally {
      await other.close();
    }
    const client = redis.client();
    try {
      expect(await client.exists(`rl:outage:${redisKeyOf('after-return')}`)).toBe(1);
    } finally {
      client.disconnect();
    }
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
    expect(lines.filter((l) => l.level === 30 && /available again/.test(l.msg))).toHaveLength(1);
  });
});
