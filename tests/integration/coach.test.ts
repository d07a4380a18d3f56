import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { burst, request, uniquePrompt, type JsonResponse } from '../support/api.js';
import { canOverrideEnv } from '../support/stack.js';
import { asClient } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

/** A JSON request sent from a chosen local address (no API key): the gateway keys the client by it. */
function fromAddress(
  localAddress: string | undefined,
  url: string,
  body?: unknown,
): Promise<Pick<JsonResponse, 'status' | 'body'>> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: payload ? 'POST' : 'GET',
        localAddress,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('spending advice through the gateway', () => {
  const stack = useStack({ services: ['provider-sim', 'budget', 'web', 'coach'] });

  const advice = (headers: Record<string, string> = {}, query = '') =>
    request(`${stack.url('web')}/api/v1/coach/advice${query}`, { headers });
  /** Budget records activity off the response path: wait until it shows `count` bursts. */
  const adviceOn = (count: number, headers: Record<string, string> = {}) =>
    waitFor(
      async () => {
        const res = await advice(headers);
        return res.status === 200 && res.body.recentBursts === count ? res : undefined;
      },
      { timeoutMs: 10_000, what: `advice on ${count} bursts` },
    );

  it("when a client has burst, then the advice is built from that client's budget and bursts, in one trace through budget", async () => {
    const apiKey = `coach-${uniquePrompt('key').replace(/\W/g, '')}`;
    const repeated = { prompt: uniquePrompt('coach'), providers: ['alpha', 'beta'] };
    for (const body of [
      repeated,
      repeated,
      { prompt: uniquePrompt('coach'), providers: ['alpha', 'beta'] },
      { prompt: uniquePrompt('coach'), providers: ['alpha'] },
    ]) {
      expect((await burst(stack.url('web'), body, await asClient(stack, apiKey))).status).toBe(200);
    }
    const headers = await asClient(stack, apiKey);
    const res = await adviceOn(4, headers);
    const budget = await request(`${stack.url('web')}/api/v1/budget`, { headers });

    expect(res.body.budget).toEqual(budget.body);
    expect(res.body.budget.spentUsd).toBeGreaterThan(0);
    expect(res.body.cache).toEqual({ hits: 1, bursts: 4, hitRate: 0.25 });
    const providers = Object.fromEntries(
      res.body.providers.map((p: { provider: string }) => [p.provider, p]),
    );
    expect(providers.alpha).toMatchObject({ bursts: 4, failures: 0 });
    expect(providers.beta).toMatchObject({ bursts: 3, failures: 0 });
    // alpha costs 15 times beta per token: a real per-provider split, not an even one, shows it.
    expect(providers.alpha.spendShare).toBeGreaterThan(0.8);
    const shares = res.body.providers.reduce((n: number, p: { spendShare: number }) => n + p.spendShare, 0);
    expect(shares).toBeCloseTo(1, 3);
    const estimated = res.body.providers.reduce(
      (n: number, p: { estimatedSpendUsd: number }) => n + p.estimatedSpendUsd,
      0,
    );
    expect(estimated).toBeCloseTo(res.body.budget.spentUsd, 5);
    expect(res.body.pace.spendPerHourUsd).toBeGreaterThan(0);
    expect(res.body.pace.hoursUntilReset).toBeGreaterThan(0);
    expect(res.body.pace.hoursUntilReset).toBeLessThanOrEqual(24);
    expect(res.body.pace.exhaustedBeforeReset).toBe(false);
    expect(res.body.advice[0]).toMatch(/within budget/);
    expect(res.body.advice.some((a: string) => /alpha accounts for/.test(a))).toBe(true);

    const spans = await waitForTrace(
      stack.traces,
      traceIdOf(res.headers.get('traceresponse')),
      (s) =>
        s.filter((x) => x.serviceName === 'budget' && x.kind === 'server').length === 2 &&
        ['web', 'coach'].every((name) => s.some((x) => x.serviceName === name && x.kind === 'server')) &&
        s.some((x) => x.name === 'coach.advise'),
    );
    const webServer = spans.find((s) => s.serviceName === 'web' && s.kind === 'server')!;
    const webClient = spans.find(
      (s) => s.serviceName === 'web' && s.kind === 'client' && 'http.request.method' in s.attributes,
    )!;
    const coachServer = spans.find((s) => s.serviceName === 'coach' && s.kind === 'server')!;
    const advise = spans.find((s) => s.name === 'coach.advise')!;
    expect(webServer.parentSpanId).toBeUndefined();
    expect(coachServer.parentSpanId).toBe(webClient.spanId);
    expect(advise.serviceName).toBe('coach');
    expect(isDescendant(spans, advise, coachServer)).toBe(true);
    expect(advise.attributes).toMatchObject({ 'coach.bursts_considered': 4, 'coach.cache_hit_rate': 0.25 });
    const budgetServers = spans.filter((s) => s.serviceName === 'budget' && s.kind === 'server');
    expect(budgetServers.map((s) => s.attributes['http.route']).sort()).toEqual([
      '/api/v1/budget',
      '/api/v1/budget/recent',
    ]);
    const clients = budgetServers.map((server) => spans.find((s) => s.spanId === server.parentSpanId)!);
    for (const client of clients) {
      expect(client).toMatchObject({ serviceName: 'coach', kind: 'client' });
      expect(isDescendant(spans, client, advise)).toBe(true);
    }
    // Both calls to budget were in flight together.
    const [a, b] = clients;
    expect(a!.startNs < b!.endNs && b!.startNs < a!.endNs).toBe(true);
    expect(spans.some((s) => s.serviceName === 'budget' && s.attributes['db.system.name'] === 'redis')).toBe(
      true,
    );
  });

  it('when another client asks, then it gets advice on its own bursts only', async () => {
    const res = await adviceOn(0, await asClient(stack, `coach-other-${Date.now()}`));
    expect(res.body.budget.spentUsd).toBe(0);
    expect(res.body.cache.hitRate).toBeNull();
    expect(res.body.providers).toEqual([]);
    expect(res.body.advice).toContain('No recent bursts: send some and ask again for advice on them.');
  });

  it('when a client has no API key, then coach asks budget about the address the gateway saw, not its own', async () => {
    // Locally every process talks from 127.0.0.1; a client calling from 127.0.0.2 is told apart from
    // coach itself, so only the identity coach signs for it lets budget find this client's burst.
    const from = canOverrideEnv() ? '127.0.0.2' : undefined;
    const web = stack.url('web');
    const sent = await fromAddress(from, `${web}/api/v1/providers/burst`, {
      prompt: uniquePrompt('ip'),
      providers: ['gamma'],
    });
    expect(sent.status).toBe(200);
    const recent = await waitFor(async () => {
      const res = await fromAddress(from, `${web}/api/v1/budget/recent?limit=50`);
      return res.body.bursts.length > 0 ? res.body.bursts.length : undefined;
    });
    if (from) expect(recent).toBe(1);
    const res = await fromAddress(from, `${web}/api/v1/coach/advice`);
    expect(res.status).toBe(200);
    expect(res.body.recentBursts).toBe(recent);
  });

  it('when the query is invalid, then the answer is a JSON 400 naming the field', async () => {
    for (const query of ['?limit=0', '?limit=51', '?limit=abc']) {
      const res = await advice({}, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_request', details: { field: 'limit' } });
    }
  });

  it('when budget is down, then advice answers a JSON 5xx error and coach keeps running', async () => {
    await stack.stopService('budget');
    try {
      const res = await advice(await asClient(stack, 'coach-down'));
      // The first call finds nothing listening; its breaker has not opened yet.
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: 'upstream_unavailable' });
      const health = await request(`${stack.url('coach')}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await stack.startService('budget');
    }
    const back = await waitFor(
      async () => {
        const res = await advice(await asClient(stack, 'coach-down'));
        return res.status === 200 ? res : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'advice once budget is back' },
    );
    expect(back.body.recentBursts).toBe(0);
  });
});
