import { describe, expect, it } from 'vitest';
import { request, type JsonResponse } from '../support/api.js';
import { useStack } from '../support/use-stack.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const BREAKER_STATES = ['closed', 'open', 'half_open'];

describe('provider capabilities through the gateway', () => {
  const stack = useStack({ services: ['provider-sim', 'budget', 'web', 'capabilities'] });

  const capabilities = () => request(`${stack.url('web')}/api/v1/capabilities`);
  /** The next answer built from the upstreams rather than the cache (TTL 5 s), meeting `also`. */
  const fresh = (also: (res: JsonResponse) => boolean = () => true) =>
    waitFor(
      async () => {
        const res = await capabilities();
        return res.body?.cached === false && also(res) ? res : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'a capabilities answer built afresh' },
    );

  it('when asked, then each provider comes with its breaker state in budget, in one trace across web, capabilities, provider-sim and budget; a second call is cached', async () => {
    const status = await request(`${stack.url('web')}/api/v1/providers/resilience-status`);
    expect(status.status).toBe(200);

    const first = await fresh();
    expect(first.status).toBe(200);
    expect(first.body.budgetReachable).toBe(true);
    expect(first.body.providers.map((p: { name: string }) => p.name)).toEqual(['alpha', 'beta', 'gamma']);
    for (const provider of first.body.providers) {
      expect(provider).toMatchObject({
        model: expect.any(String),
        pricePer1kTokensUsd: expect.any(Number),
        latency: { meanMs: expect.any(Number), jitterMs: expect.any(Number) },
        limits: { maxTokens: expect.any(Number) },
      });
      expect(BREAKER_STATES).toContain(provider.breakerState);
      expect(provider.breakerState).toBe(status.body.breakers[`provider:${provider.name}`].state);
    }

    const second = await capabilities();
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ cached: true, generatedAt: first.body.generatedAt });

    const spans = await waitForTrace(
      stack.traces,
      traceIdOf(first.headers.get('traceresponse')),
      (s) =>
        ['web', 'capabilities', 'provider-sim', 'budget'].every((service) =>
          s.some((x) => x.serviceName === service && x.kind === 'server'),
        ) &&
        s.some((x) => x.name === 'cache.lookup') &&
        s.some((x) => x.name === 'capabilities'),
    );
    const webServer = spans.find((s) => s.serviceName === 'web' && s.kind === 'server')!;
    const capServer = spans.find((s) => s.serviceName === 'capabilities' && s.kind === 'server')!;
    const capSpan = spans.find((s) => s.name === 'capabilities')!;
    expect(webServer.parentSpanId).toBeUndefined();
    const webClient = spans.find((s) => s.spanId === capServer.parentSpanId)!;
    expect(webClient).toMatchObject({ serviceName: 'web', kind: 'client' });
    expect(isDescendant(spans, webClient, webServer)).toBe(true);
    expect(capSpan.serviceName).toBe('capabilities');
    expect(isDescendant(spans, capSpan, capServer)).toBe(true);
    expect(capSpan.attributes).toMatchObject({
      'capabilities.cached': false,
      'capabilities.budget_reachable': true,
      'capabilities.providers_count': 3,
    });
    const lookup = spans.find((s) => s.name === 'cache.lookup')!;
    expect(lookup.serviceName).toBe('capabilities');
    expect(isDescendant(spans, lookup, capSpan)).toBe(true);
    for (const upstream of ['provider-sim', 'budget']) {
      const server = spans.find((s) => s.serviceName === upstream && s.kind === 'server')!;
      const client = spans.find((s) => s.spanId === server.parentSpanId)!;
      expect(client).toMatchObject({ serviceName: 'capabilities', kind: 'client' });
      expect(isDescendant(spans, client, capSpan)).toBe(true);
    }

    const again = await waitForTrace(
      stack.traces,
      traceIdOf(second.headers.get('traceresponse')),
      (s) => s.some((x) => x.name === 'capabilities') && s.some((x) => x.name === 'cache.lookup'),
    );
    expect(again.filter((s) => s.serviceName === 'provider-sim' || s.serviceName === 'budget')).toEqual([]);
    expect(again.find((s) => s.name === 'cache.lookup')?.attributes['cache.hit']).toBe(true);
  });

  it('when budget is down, then capabilities still answer 200 with every breaker state unknown, uncached, and recover when it returns', async () => {
    await stack.stopService('budget');
    try {
      const degraded = await fresh((res) => res.body.budgetReachable === false);
      expect(degraded.status).toBe(200);
      expect(degraded.body.providers).toHaveLength(3);
      for (const provider of degraded.body.providers) expect(provider.breakerState).toBe('unknown');
      // A degraded view is not cached: the next call asks budget again.
      expect((await capabilities()).body.cached).toBe(false);
    } finally {
      await stack.startService('budget');
    }
    const recovered = await fresh((res) => res.body.budgetReachable === true);
    for (const provider of recovered.body.providers) expect(BREAKER_STATES).toContain(provider.breakerState);
  });

  it('when provider-sim is down, then the answer is a JSON 502 or 503 once the cached view has expired', async () => {
    await stack.stopService('provider-sim');
    try {
      const failed = await waitFor(
        async () => {
          const res = await capabilities();
          return res.status >= 500 ? res : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250, what: 'capabilities to fail without provider-sim' },
      );
      expect([502, 503]).toContain(failed.status);
      expect(failed.body.error.code).toMatch(/^upstream_/);
      expect(failed.body.error.message).toContain('provider-sim');
    } finally {
      await stack.startService('provider-sim');
    }
  });

  it('when a path below the prefix is unknown, then the answer is a JSON 404', async () => {
    const res = await request(`${stack.url('web')}/api/v1/capabilities/nope`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
