import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../instrumentation/http/error-handler.js';
import { rateLimitMiddleware, TokenBucketLimiter } from '../../instrumentation/rate-limit/index.js';
import { RedisServer } from '../support/redis-server.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { acceptGatewayIdentity } from '../../instrumentation/identity/gateway-identity.js';
import { IdentityProof } from '../../instrumentation/identity/identity-proof.js';

/** Clients are told apart as behind the gateway: by an identity signed under this secret. */
const SECRET = 'rate-limit-test-secret-'.padEnd(40, '0');
const as = (client: string) => new IdentityProof(SECRET).headers(`client:${client}`);

describe('rate limit middleware on a real express app and Redis', () => {
  let redis: RedisServer;
  let server: Server;
  let baseUrl: string;
  const limiters: TokenBucketLimiter[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    const perRequest = new TokenBucketLimiter({
      name: 'mw',
      capacity: 2,
      refillPerSecond: 0.5,
      redisUrl: redis.url,
    });
    const perItem = new TokenBucketLimiter({
      name: 'mw-items',
      capacity: 10,
      refillPerSecond: 1,
      redisUrl: redis.url,
    });
    limiters.push(perRequest, perItem);
    for (const limiter of limiters) {
      await waitFor(() => limiter.redisAvailable || undefined, {
        what: 'limiter connection',
      });
    }

    const app = express();
    app.use(acceptGatewayIdentity(SECRET));
    app.use('/limited', rateLimitMiddleware(perRequest));
    app.get('/limited/ping', (_req, res) => {
      res.json({ ok: true });
    });
    app.post(
      '/items',
      rateLimitMiddleware(perItem, { cost: (req) => Number(req.query.n ?? 1) }),
      (_req, res) => {
        res.json({ ok: true });
      },
    );
    app.get('/free', (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    for (const limiter of limiters) await limiter.close();
    await redis?.destroy();
  });

  it('when requests pass, then each carries RateLimit-Policy, RateLimit and the legacy X-RateLimit headers', async () => {
    const first = await fetch(`${baseUrl}/limited/ping`);
    const second = await fetch(`${baseUrl}/limited/ping`);

    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"mw";q=2;w=4');
    expect(first.headers.get('ratelimit')).toBe('"mw";r=1;t=2');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset')).toBe('2');
    expect(first.headers.get('retry-after')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit')).toBe('"mw";r=0;t=4');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('when the bucket is empty, then 429 with Retry-After in whole seconds and a JSON body with retryAfterMs', async () => {
    const res = await fetch(`${baseUrl}/limited/ping`);
    const body = (await res.json()) as { error: { code: string; message: string }; retryAfterMs: number };

    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toEqual(expect.any(String));
    expect(body.retryAfterMs).toBeGreaterThan(1_000);
    expect(body.retryAfterMs).toBeLessThanOrEqual(2_000);
    expect(res.headers.get('retry-after')).toBe(String(Math.ceil(body.retryAfterMs / 1000)));
    expect(res.headers.get('ratelimit')).toBe(`"mw";r=0;t=${res.headers.get('retry-after')}`);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-ratelimit-reset')).toBe('4');
  });

  it('when another client calls, then it has its own bucket', async () => {
    const res = await fetch(`${baseUrl}/limited/ping`, { headers: as('another-client') });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('when a cost function is given, then each request takes that many tokens', async () => {
    const four = await fetch(`${baseUrl}/items?n=4`, { method: 'POST' });
    const seven = await fetch(`${baseUrl}/items?n=7`, { method: 'POST' });
    const six = await fetch(`${baseUrl}/items?n=6`, { method: 'POST', headers: as('k') });

    expect(four.status).toBe(200);
    expect(four.headers.get('ratelimit')).toBe('"mw-items";r=6;t=4');
    expect(seven.status).toBe(429);
    expect(seven.headers.get('x-ratelimit-remaining')).toBe('6');
    expect(Number(seven.headers.get('retry-after'))).toBe(1);
    expect(six.status).toBe(200);
  });

  it('when a route is not limited, then it carries no rate limit headers', async () => {
    const res = await fetch(`${baseUrl}/free`);
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit')).toBeNull();
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
