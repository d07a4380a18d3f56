import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { burst, request, uniquePrompt } from '../support/api.js';
import { asClient, signedAs } from '../support/clients.js';
import { IdentityProof } from '../../instrumentation/identity/identity-proof.js';
import { useStack } from '../support/use-stack.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

interface Segment {
  spend: string;
  volume: string;
  count: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The id budget keeps for an issued client: a hash of its identity, never its name or key. */
const hashedId = (client: string) => sha256(`client:${client}`).slice(0, 16);

describe('client segments through the gateway', () => {
  const stack = useStack({ services: ['provider-sim', 'budget', 'web', 'segmentation'] });

  const segments = (query = '', headers: Record<string, string> = {}) =>
    request(`${stack.url('web')}/api/v1/segmentation/segments${query}`, { headers });

  it('when clients have burst today, then segments count them without naming any, each client sees its own, in one trace through budget', async () => {
    const run = Math.random().toString(36).slice(2);
    const [light, free, busy] = ['light', 'free', 'busy'].map((name) => `seg-${name}-${run}`) as [
      string,
      string,
      string,
    ];
    const shared = { prompt: uniquePrompt('segment'), providers: ['gamma'] };
    const lightKey = await asClient(stack, light);
    const freeKey = await asClient(stack, free);
    const busyKey = await asClient(stack, busy);
    expect((await burst(stack.url('web'), shared, lightKey)).body.cached).toBe(false);
    // The same burst at once is a cache hit: a request that costs nothing.
    expect((await burst(stack.url('web'), shared, freeKey)).body.cached).toBe(true);
    for (let i = 0; i < 10; i += 1) {
      const res = await burst(
        stack.url('web'),
        { prompt: uniquePrompt('busy'), providers: ['gamma'] },
        busyKey,
      );
      expect(res.status).toBe(200);
    }

    const res = await waitFor(
      async () => {
        const answer = await segments('', busyKey);
        return answer.body.yours?.volume === 'medium' ? answer : undefined;
      },
      { timeoutMs: 10_000, what: "busy's tenth burst in its segment" },
    );
    expect(res.status).toBe(200);
    expect(res.body.yours).toEqual({ spend: 'light', volume: 'medium' });
    expect((await segments('', lightKey)).body.yours).toEqual({ spend: 'light', volume: 'low' });
    expect((await segments('', freeKey)).body.yours).toEqual({ spend: 'free', volume: 'low' });
    const idle = await asClient(stack, `seg-idle-${run}`);
    expect((await segments('', idle)).body.yours).toBeNull();
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(res.body.bySpend)).toBe(res.body.clients);
    expect(total(res.body.byVolume)).toBe(res.body.clients);
    expect((res.body.segments as Segment[]).reduce((sum, s) => sum + s.count, 0)).toBe(res.body.clients);
    expect(res.body.clients).toBeGreaterThanOrEqual(3);
    for (const segment of res.body.segments as Segment[])
      expect(Object.keys(segment).sort()).toEqual(['count', 'spend', 'volume']);
    expect(res.body.thresholds).toEqual({
      regularFromUsd: 0.01,
      heavyFromUsd: 1,
      mediumFromRequests: 10,
      highFromRequests: 100,
    });
    // Which clients sit where is budget's admin data: no name, key or hashed id in the public answer.
    const text = JSON.stringify(res.body);
    for (const client of [light, free, busy]) {
      expect(text).not.toContain(client);
      expect(text).not.toContain(hashedId(client));
    }
    for (const key of [lightKey, freeKey, busyKey]) expect(text).not.toContain(key['x-api-key']!);

    const spans = await waitForTrace(
      stack.traces,
      traceIdOf(res.headers.get('traceresponse')),
      (s) =>
        ['web', 'segmentation', 'budget'].every((name) =>
          s.some((x) => x.serviceName === name && x.kind === 'server'),
        ) && s.some((x) => x.name === 'segmentation.group'),
    );
    const webClient = spans.find(
      (s) => s.serviceName === 'web' && s.kind === 'client' && 'http.request.method' in s.attributes,
    )!;
    const server = spans.find((s) => s.serviceName === 'segmentation' && s.kind === 'server')!;
    const group = spans.find((s) => s.name === 'segmentation.group')!;
    const budgetServer = spans.find((s) => s.serviceName === 'budget' && s.kind === 'server')!;
    const budgetClient = spans.find((s) => s.spanId === budgetServer.parentSpanId)!;
    expect(server.parentSpanId).toBe(webClient.spanId);
    expect(group.serviceName).toBe('segmentation');
    expect(isDescendant(spans, group, server)).toBe(true);
    expect(group.attributes['segmentation.clients']).toBe(res.body.clients);
    expect(budgetClient).toMatchObject({ serviceName: 'segmentation', kind: 'client' });
    expect(isDescendant(spans, budgetClient, group)).toBe(true);
    expect(budgetServer.attributes['http.route']).toBe('/admin/clients');
    expect(spans.some((s) => s.serviceName === 'budget' && s.attributes['db.system.name'] === 'redis')).toBe(
      true,
    );

    const onlyFree = await segments('?spend=free', lightKey);
    expect(onlyFree.status).toBe(200);
    expect(onlyFree.body.segments.length).toBeGreaterThan(0);
    expect(onlyFree.body.segments.every((s: Segment) => s.spend === 'free')).toBe(true);
    expect(onlyFree.body.bySpend).toMatchObject({ light: 0, regular: 0, heavy: 0 });
    expect(onlyFree.body.yours).toEqual({ spend: 'light', volume: 'low' });
  });

  it("when anyone but a service of the stack asks for budget's client list, then it is refused or not routed", async () => {
    // Through the gateway: no public path leads to it (the gateway's own admin prefix asks for the token).
    for (const [path, status] of [
      ['/api/v1/budget/clients', 404],
      ['/admin/clients', 404],
      ['/api/v1/admin/clients', 401],
    ] as const) {
      const res = await request(`${stack.url('web')}${path}`);
      expect(res.status, path).toBe(status);
      expect(res.body.clients, path).toBeUndefined();
    }
    // Straight to budget: no identity, a client's signed identity, a forged or a stale one.
    const budgetClients = `${stack.url('budget')}/admin/clients`;
    const forged = new IdentityProof('f'.repeat(64)).headers('service:segmentation');
    const stale = new IdentityProof(stack.secrets.gatewaySecret).headers(
      'service:segmentation',
      Date.now() - 60_000,
    );
    for (const [what, headers] of [
      ['none', {}],
      ['a client', signedAs(stack, 'curious')],
      ['forged', forged],
      ['stale', stale],
      ['unsigned', { 'x-client-identity': 'service:segmentation' }],
    ] as const) {
      const res = await request(budgetClients, { headers });
      expect(res.status, what).toBe(403);
      expect(res.body.error.code, what).toBe('forbidden');
    }
  });

  it('when a filter names an unknown tier or volume, then the answer is a JSON 400 naming the field', async () => {
    for (const [query, field] of [
      ['?spend=gold', 'spend'],
      ['?volume=huge', 'volume'],
      ['?volume=', 'volume'],
    ] as const) {
      const res = await segments(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_request', details: { field } });
    }
  });

  it('when budget is down, then segments answer a JSON 5xx error and segmentation keeps running', async () => {
    await stack.stopService('budget');
    try {
      const res = await segments();
      // The first call finds nothing listening; its breaker has not opened yet.
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: 'upstream_unavailable' });
      expect((await request(`${stack.url('segmentation')}/healthz`)).status).toBe(200);
    } finally {
      await stack.startService('budget');
    }
  });
});
