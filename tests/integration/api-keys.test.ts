import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { burst, request, uniquePrompt } from '../support/api.js';
import { adminHeaders, apiKey } from '../support/clients.js';
import type { OtlpReceiver } from '../support/otlp-receiver.js';
import { canOverrideEnv, canReadMetrics } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const ADMIN = '/api/v1/admin/api-keys';

describe('API keys issued, hashed at rest and revoked at the gateway', () => {
  const stack = useStack({ services: ['provider-sim', 'budget', 'web'] });
  const web = () => stack.url('web');
  const issue = (body: unknown, headers = adminHeaders(stack)) =>
    request(`${web()}${ADMIN}`, { body, headers });
  const budgetAs = (key: string) => request(`${web()}/api/v1/budget`, { headers: { 'x-api-key': key } });

  it('when the admin issues a key, then it is answered once, works at once, and Redis holds only its hash', async () => {
    const issued = await issue({ client: 'key-holder' });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toEqual({ client: 'key-holder', key: expect.stringMatching(/^osk_[\w-]{43}$/) });
    const key = issued.body.key as string;

    const used = await budgetAs(key);
    expect(used.status).toBe(200);
    expect(used.body.spentUsd).toBe(0);

    if (!stack.redisUrl) return; // compose: its Redis is not reachable from here
    const redis = new Redis(stack.redisUrl);
    try {
      const hash = createHash('sha256').update(key).digest('hex');
      expect(await redis.hget('{apikeys}:by-hash', hash)).toBe('key-holder');
      const stored = [];
      for (const name of await redis.keys('*')) stored.push(name, JSON.stringify(await redis.dump(name)));
      expect(stored.join('\n')).not.toContain(key.slice(4));
    } finally {
      redis.disconnect();
    }
  });

  it('when a key is revoked, then it answers 401 invalid_api_key at once on this gateway, and a second revoke is 404', async () => {
    const key = (await issue({ client: 'short-lived' })).body.key as string;
    expect((await budgetAs(key)).status).toBe(200);

    const revoked = await request(`${web()}${ADMIN}/short-lived`, {
      method: 'DELETE',
      headers: adminHeaders(stack),
    });
    expect(revoked.status).toBe(204);

    const refused = await budgetAs(key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(refused.body.error.code).toBe('invalid_api_key');
    const again = await request(`${web()}${ADMIN}/short-lived`, {
      method: 'DELETE',
      headers: adminHeaders(stack),
    });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });

  it('when a client is issued a new key, then its old key stops working', async () => {
    const first = (await issue({ client: 'rotating' })).body.key as string;
    const second = (await issue({ client: 'rotating' })).body.key as string;
    expect(second).not.toBe(first);
    expect((await budgetAs(first)).status).toBe(401);
    expect((await budgetAs(second)).status).toBe(200);
  });

  it('when a key is invented, malformed or a case variant of a real one, then the gateway answers 401 JSON and nothing reaches budget', async () => {
    const real = await apiKey(stack, 'case-owner');
    const swapped = real.replace(/[a-z]/, (c) => c.toUpperCase());
    const invented = `osk_${'A'.repeat(43)}`;
    for (const key of [invented, 'demo', 'x'.repeat(5_000), swapped, real.toUpperCase()]) {
      const res = await burst(web(), { prompt: uniquePrompt('invented') }, { 'x-api-key': key });
      expect(res.status, key.slice(0, 20)).toBe(401);
      expect(res.body.error.code).toBe('invalid_api_key');
    }
  });

  it('when the admin token is missing or wrong, then the admin routes answer 401 JSON with a Bearer challenge', async () => {
    const wrong = { authorization: `Bearer ${'0'.repeat(64)}` };
    for (const [what, headers] of [
      ['missing', {}],
      ['wrong', wrong],
      ['not bearer', { authorization: `Basic ${stack.secrets.adminToken}` }],
      ['a prefix of it', { authorization: `Bearer ${stack.secrets.adminToken.slice(0, 10)}` }],
    ] as const) {
      const res = await issue({ client: 'intruder' }, headers);
      expect(res.status, what).toBe(401);
      expect(res.body.error.code, what).toBe('unauthorized');
      expect(res.headers.get('www-authenticate'), what).toMatch(/^Bearer /);
      const revoke = await request(`${web()}${ADMIN}/key-holder`, { method: 'DELETE', headers });
      expect(revoke.status, what).toBe(401);
    }
  });

  it('when the client name or body is bad, then the admin route answers a JSON 400 naming the field', async () => {
    for (const body of [
      {},
      { client: '' },
      { client: 'Upper' },
      { client: 'a:b' },
      { client: 'x'.repeat(64) },
      [1],
    ]) {
      const res = await issue(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
    }
    const bad = await request(`${web()}${ADMIN}/Not%20A%20Name`, {
      method: 'DELETE',
      headers: adminHeaders(stack),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual({ field: 'client' });
  });

  it('when provider-sim’s fault injection is called without the admin token, then it is refused', async () => {
    const faults = `${stack.url('provider-sim')}/admin/faults`;
    const fault = { provider: 'alpha', errorRate: 1, status: 500 };
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const put = await request(faults, { method: 'PUT', body: fault, headers });
      expect(put.status).toBe(401);
      expect(put.body.error.code).toBe('unauthorized');
      expect((await request(`${stack.url('provider-sim')}/admin/calls`, { headers })).status).toBe(401);
    }
    const listed = await request(faults, { headers: adminHeaders(stack) });
    expect(listed.status).toBe(200);
    expect(listed.body.faults).toEqual([]);
  });

  it.skipIf(!canReadMetrics())(
    'when keys and tokens have been used, then none of them, nor the gateway secret, is in an exported span or a log line',
    async () => {
      const key = await apiKey(stack, 'traced');
      await burst(web(), { prompt: uniquePrompt('traced'), providers: ['gamma'] }, { 'x-api-key': key });
      await budgetAs(`osk_${'B'.repeat(43)}`);
      await issue({ client: 'traced-again' });
      // The server span of that last request is exported once the request is over.
      const receiver = stack.traces as OtlpReceiver;
      const spans = await waitFor(() => {
        const text = JSON.stringify(receiver.spans, (_, v: unknown) =>
          typeof v === 'bigint' ? String(v) : v,
        );
        return text.includes('/api/v1/admin/api-keys') ? text : undefined;
      });
      const secrets = [key, `osk_${'B'.repeat(43)}`, stack.secrets.adminToken, stack.secrets.gatewaySecret];
      for (const secret of secrets) {
        expect(spans).not.toContain(secret);
        expect(stack.logs()).not.toContain(secret);
      }
    },
  );
});

describe.skipIf(!canOverrideEnv())('a gateway started without ADMIN_TOKEN', () => {
  const stack = useStack({ services: ['web'], env: { web: { ADMIN_TOKEN: '' } } });

  it('when the admin routes are called, then they do not exist: a JSON 404, whatever the token', async () => {
    for (const headers of [{}, adminHeaders(stack)]) {
      const res = await request(`${stack.url('web')}${ADMIN}`, { body: { client: 'nobody' }, headers });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});
