import { describe, expect, it } from 'vitest';
import { burst, providerCalls, request, uniquePrompt } from '../support/api.js';
import { adminHeaders, asClient } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

describe('burst rate limit and input validation', () => {
  const stack = useStack();

  it('when one client sends 101 bursts at once, then 100 pass, the rest are 429 with headers, others are unaffected, and refill admits ~10 a second', async () => {
    const body = { prompt: uniquePrompt('flood'), providers: ['gamma'] };
    const flooder = await asClient(stack, 'flooder');
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 101 }, () => burst(stack.url('web'), body, flooder)),
    );
    const spreadSeconds = (Date.now() - started) / 1000;
    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);

    // Exactly the capacity, plus whatever refilled (10 per second) while the flood was being decided.
    expect(accepted.length).toBeGreaterThanOrEqual(100);
    expect(accepted.length).toBeLessThanOrEqual(100 + Math.floor(spreadSeconds * 10));
    expect(accepted.length + refused.length).toBe(101);
    for (const answer of refused) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.headers.get('ratelimit-policy')).toBeTruthy();
      expect(answer.headers.get('ratelimit')).toBeTruthy();
      expect(answer.headers.get('x-ratelimit-limit')).toBe('100');
      expect(answer.body).toMatchObject({ error: { code: 'rate_limited' } });
      expect(answer.body.retryAfterMs).toBeGreaterThan(0);
    }
    expect(accepted[0]?.headers.get('x-ratelimit-limit')).toBe('100');

    const other = await burst(stack.url('web'), body, await asClient(stack, 'bystander'));
    expect(other.status).toBe(200);

    // Drain whatever refilled while the flood was answered, so the refill is measured from empty.
    await waitFor(
      async () => ((await burst(stack.url('web'), body, flooder)).status === 429 ? true : undefined),
      {
        timeoutMs: 10_000,
        intervalMs: 1,
        what: 'the bucket to be empty',
      },
    );
    const emptyAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const later = await Promise.all(Array.from({ length: 20 }, () => burst(stack.url('web'), body, flooder)));
    const refillSeconds = (Date.now() - emptyAt) / 1000;
    const laterAccepted = later.filter((a) => a.status === 200).length;
    expect(laterAccepted).toBeGreaterThanOrEqual(9);
    expect(laterAccepted).toBeLessThanOrEqual(Math.ceil(refillSeconds * 10) + 1);
  });

  it('when input is bad at any endpoint, then a JSON 4xx names the problem and nothing is spent', async () => {
    const client = await asClient(stack, 'careless');
    const web = stack.url('web');
    const before = await providerCalls(stack);
    const json = { 'content-type': 'application/json', ...client };
    const cases: Array<{ what: string; url: string; init: RequestInit; status: number; mention: RegExp }> = [
      {
        what: 'missing prompt',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: '{}' },
        status: 400,
        mention: /prompt/,
      },
      {
        what: 'empty prompt',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: '{"prompt":"  "}' },
        status: 400,
        mention: /prompt/,
      },
      {
        what: 'long prompt',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: JSON.stringify({ prompt: 'x'.repeat(8_001) }) },
        status: 400,
        mention: /prompt.*8000/,
      },
      {
        what: 'unknown provider',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: JSON.stringify({ prompt: 'hi', providers: ['omega'] }) },
        status: 400,
        mention: /providers.*omega/,
      },
      {
        what: 'wrong types',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: JSON.stringify({ prompt: 42 }) },
        status: 400,
        mention: /prompt must be a string/,
      },
      {
        what: 'maxTokens out of range',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: JSON.stringify({ prompt: 'hi', maxTokens: 5000 }) },
        status: 400,
        mention: /maxTokens/,
      },
      {
        what: 'maxTokens not a number',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: JSON.stringify({ prompt: 'hi', maxTokens: 'many' }) },
        status: 400,
        mention: /maxTokens must be a number/,
      },
      {
        what: 'providers not strings',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: JSON.stringify({ prompt: 'hi', providers: [1, 2] }) },
        status: 400,
        mention: /providers/,
      },
      {
        what: 'non-JSON',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: 'prompt=hi' },
        status: 400,
        mention: /JSON/,
      },
      {
        what: 'JSON array',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: '["hi"]' },
        status: 400,
        mention: /JSON object/,
      },
      {
        what: 'text body',
        url: '/api/v1/providers/burst',
        init: {
          method: 'POST',
          headers: { 'content-type': 'text/plain', ...client },
          body: 'hello',
        },
        status: 400,
        mention: /JSON object/,
      },
      {
        what: '1 MB body',
        url: '/api/v1/providers/burst',
        init: { method: 'POST', headers: json, body: JSON.stringify({ prompt: 'x'.repeat(1_000_000) }) },
        status: 413,
        mention: /too large/,
      },
      {
        what: 'GET burst without prompt',
        url: '/api/v1/providers/burst',
        init: { headers: json },
        status: 400,
        mention: /prompt/,
      },
      {
        what: 'GET burst with unknown provider',
        url: '/api/v1/providers/burst?prompt=hi&providers=omega',
        init: { headers: json },
        status: 400,
        mention: /providers/,
      },
      {
        what: 'unknown route',
        url: '/api/v1/nothing-here',
        init: { headers: json },
        status: 404,
        mention: /No route/,
      },
      {
        what: 'unknown provider at provider-sim',
        url: `${stack.url('provider-sim')}/v1/providers/omega/complete`,
        init: { method: 'POST', headers: json, body: '{"prompt":"hi"}' },
        status: 404,
        mention: /omega/,
      },
      {
        what: 'bad fault at provider-sim',
        url: `${stack.url('provider-sim')}/admin/faults`,
        init: {
          method: 'PUT',
          headers: { ...json, ...adminHeaders(stack) },
          body: '{"provider":"alpha","errorRate":2}',
        },
        status: 400,
        mention: /errorRate/,
      },
    ];
    for (const c of cases) {
      const res = await fetch(c.url.startsWith('http') ? c.url : `${web}${c.url}`, c.init);
      const text = await res.text();
      expect(res.status, c.what).toBe(c.status);
      expect(res.headers.get('content-type'), c.what).toMatch(/application\/json/);
      const parsed = JSON.parse(text) as { error: { code: string; message: string } };
      expect(parsed.error.message, c.what).toMatch(c.mention);
      expect(text, c.what).not.toMatch(/\n\s+at |node_modules/);
    }
    expect(await providerCalls(stack)).toEqual(before);
    const budget = await request(`${web}/api/v1/budget`, { headers: client });
    expect(budget.body.spentUsd).toBe(0);
    await waitFor(async () =>
      (await request(`${stack.url('budget')}/readyz`)).status === 200 ? true : undefined,
    );
  });
});
