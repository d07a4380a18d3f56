import { describe, expect, it } from 'vitest';
import { burst, providerCalls, request, uniquePrompt } from '../support/api.js';
import { apiKey } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import type { CollectedSpan } from '../support/otlp-json.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

describe('a burst through the gateway', () => {
  const stack = useStack();

  it('when a burst crosses web, budget and provider-sim, then it is one trace with the right tree', async () => {
    const prompt = uniquePrompt('trace');
    const res = await burst(stack.url('web'), { prompt, providers: ['alpha', 'beta', 'gamma'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cached: false, budget: { limitUsd: 10 } });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['ok', 'ok', 'ok']);
    const traceId = traceIdOf(res.headers.get('traceresponse'));

    // A fresh budget also reads provider-sim's price list within the first burst: completions only.
    const isCompletion = (x: CollectedSpan) =>
      x.serviceName === 'provider-sim' &&
      x.kind === 'server' &&
      x.attributes['http.route'] === '/v1/providers/:name/complete';
    const spans = await waitForTrace(
      stack.traces,
      traceId,
      (s) =>
        s.filter(isCompletion).length === 3 &&
        s.filter(
          (x) => x.serviceName === 'budget' && x.kind === 'client' && 'http.request.method' in x.attributes,
        ).length >= 3 &&
        s.some((x) => x.serviceName === 'budget' && x.kind === 'server') &&
        s.some((x) => x.serviceName === 'web' && x.kind === 'server') &&
        s.some((x) => x.name === 'burst'),
    );
    const webServer = spans.find((s) => s.serviceName === 'web' && s.kind === 'server')!;
    const webClient = spans.find(
      (s) => s.serviceName === 'web' && s.kind === 'client' && 'http.request.method' in s.attributes,
    )!;
    const budgetServer = spans.find((s) => s.serviceName === 'budget' && s.kind === 'server')!;
    const burstSpan = spans.find((s) => s.serviceName === 'budget' && s.name === 'burst')!;
    const providerServers = spans.filter(isCompletion);
    const budgetRedis = spans.filter(
      (s) => s.serviceName === 'budget' && s.attributes['db.system.name'] === 'redis',
    );

    expect(webServer.parentSpanId).toBeUndefined();
    expect(isDescendant(spans, webClient, webServer)).toBe(true);
    expect(budgetServer.parentSpanId).toBe(webClient.spanId);
    expect(isDescendant(spans, burstSpan, budgetServer)).toBe(true);
    expect(webServer.attributes['http.route']).toBe('/api/v1/providers/*rest');
    expect(burstSpan.attributes).toMatchObject({ 'burst.providers_count': 3, 'burst.cached': false });
    expect(spans.some((s) => s.name === 'cache.lookup' && isDescendant(spans, s, burstSpan))).toBe(true);
    expect(spans.some((s) => s.name === 'burst.dedup' && isDescendant(spans, s, burstSpan))).toBe(true);
    for (const server of providerServers) {
      const client = spans.find((s) => s.spanId === server.parentSpanId)!;
      expect(client.serviceName).toBe('budget');
      expect(client.kind).toBe('client');
      expect(isDescendant(spans, client, burstSpan)).toBe(true);
    }
    expect(budgetRedis.length).toBeGreaterThan(0);
    expect(res.headers.get('traceresponse')).toContain(webServer.spanId);
    // No prompt text in any span.
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]))).not.toContain(
      prompt.slice(0, 20),
    );
  });

  it('when the same burst comes again within 5 s, then it is cached and reaches no provider; after 5 s it is fetched again', async () => {
    const body = { prompt: uniquePrompt('cache'), providers: ['beta'] };
    const first = await burst(stack.url('web'), body);
    expect(first.body.cached).toBe(false);
    const second = await burst(stack.url('web'), body);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ cached: true, id: first.body.id, totalCostUsd: 0 });
    const spans = await waitForTrace(stack.traces, traceIdOf(second.headers.get('traceresponse')), (s) =>
      s.some((x) => x.name === 'burst'),
    );
    expect(spans.filter((s) => s.serviceName === 'provider-sim')).toEqual([]);
    expect(spans.find((s) => s.name === 'cache.lookup')?.attributes['cache.hit']).toBe(true);

    const query = new URLSearchParams({ prompt: body.prompt, providers: 'beta' });
    await waitFor(
      async () =>
        (await request(`${stack.url('web')}/api/v1/providers/burst?${query}`)).status === 404
          ? true
          : undefined,
      { timeoutMs: 8_000, intervalMs: 200, what: 'the cached burst to expire' },
    );
    const third = await burst(stack.url('web'), body);
    expect(third.body.cached).toBe(false);
    expect(third.body.id).not.toBe(first.body.id);
  });

  it('when 20 identical bursts arrive at once, then provider-sim receives exactly one call per provider', async () => {
    const before = await providerCalls(stack);
    const body = { prompt: uniquePrompt('dedup'), providers: ['alpha', 'beta', 'gamma'] };
    const answers = await Promise.all(Array.from({ length: 20 }, () => burst(stack.url('web'), body)));
    const after = await providerCalls(stack);

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    for (const provider of ['alpha', 'beta', 'gamma']) expect(after[provider]! - before[provider]!).toBe(1);
    expect(answers.filter((a) => a.body.totalCostUsd > 0)).toHaveLength(1);
  });

  it('when the observability endpoints are read, then each has the documented shape and no client key or secret', async () => {
    const key = await apiKey(stack, 'observed');
    await burst(stack.url('web'), { prompt: uniquePrompt('observe') }, { 'x-api-key': key });
    const budget = await request(`${stack.url('budget')}/api/v1/system/observability`);
    expect(Object.keys(budget.body).sort()).toEqual(
      ['breakers', 'cache', 'rateLimiter', 'redis', 'service', 'tracer', 'uptimeSeconds', 'version'].sort(),
    );
    expect(budget.body.redis).toMatchObject({ state: 'closed', refusedCommands: 0 });
    expect(budget.body).toMatchObject({
      service: 'budget',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(budget.body.tracer).toMatchObject({
      totalRequests: expect.any(Number),
      spans: expect.any(Object),
    });
    expect(budget.body.tracer.spans.exported).toBeGreaterThan(0);
    expect(budget.body.cache).toMatchObject({ hitRate: expect.any(Number) });
    expect(budget.body.rateLimiter).toMatchObject({ capacity: 100, refillPerSecond: 10 });
    expect(budget.body.breakers['provider:alpha'].state).toBe('closed');

    const sim = await request(`${stack.url('provider-sim')}/api/v1/system/observability`);
    expect(sim.body).toMatchObject({
      service: 'provider-sim',
      rateLimiter: null,
      cache: null,
      breakers: null,
      redis: null,
    });

    const resilience = await request(`${stack.url('budget')}/api/v1/providers/resilience-status`);
    expect(Object.keys(resilience.body).sort()).toEqual([
      'breakers',
      'cache',
      'rateLimiter',
      'redis',
      'tracer',
    ]);
    expect(resilience.body.redis).toMatchObject({ state: 'closed' });

    for (const service of ['web', 'budget', 'reports']) {
      const text = JSON.stringify((await request(`${stack.url(service)}/api/v1/system/observability`)).body);
      expect(text).not.toContain(key);
      expect(text).not.toContain(stack.secrets.adminToken);
      expect(text).not.toContain(stack.secrets.gatewaySecret);
      expect(text).not.toMatch(/redis:\/\/|REDIS_URL|OTEL_EXPORTER/);
    }
  });
});
