import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_SERVICES } from '../../scripts/stack-definition.js';
import { request } from '../support/api.js';
import type { CollectedSpan } from '../support/otlp-json.js';
import { canOverrideEnv } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

interface Entry {
  name: string;
  url: string;
  version: string | null;
  health: { status: string; statusCode: number | null; latencyMs: number; error?: string };
}

const STARTED = ['provider-sim', 'budget', 'web', 'meta'];
const ALL = STACK_SERVICES.map((s) => s.name);
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('the service catalogue through the gateway', () => {
  const stack = useStack({ services: STARTED });

  // The compose stack runs every service; a local run starts only some, and the rest must show as down.
  const running = () => (canOverrideEnv() ? STARTED : ALL);
  const catalogue = (query = '') => request(`${stack.url('web')}/api/v1/meta/services${query}`);
  const entry = (body: { services: Entry[] }, name: string) => body.services.find((s) => s.name === name)!;

  it('when asked, then every service is listed with version, URL and live health, each checked in its own span', async () => {
    const res = await catalogue();
    expect(res.status).toBe(200);
    expect(res.body.services.map((s: Entry) => s.name).sort()).toEqual([...ALL].sort());
    for (const service of res.body.services as Entry[]) {
      expect(service.url).toMatch(/^https?:\/\//);
      expect(service.health.latencyMs).toBeTypeOf('number');
      // A service this run did not start sits on a port nobody owns: only the ones started are asserted
      // (a stopped service showing as down is the last test's business).
      if (running().includes(service.name)) {
        expect(service, service.name).toMatchObject({
          version: VERSION,
          health: { status: 'up', statusCode: 200 },
        });
      }
    }
    const { total, up, down } = res.body.summary;
    expect(total).toBe(ALL.length);
    expect(up + down).toBe(total);
    expect(up).toBe(res.body.services.filter((s: Entry) => s.health.status === 'up').length);
    expect(up).toBeGreaterThanOrEqual(running().length);

    // meta also checks web and itself, so both have more than one server span in this trace: the
    // request's own are the web server at the root and the meta server a web span called.
    const parentIn = (all: CollectedSpan[], span: CollectedSpan) =>
      all.find((x) => x.spanId === span.parentSpanId);
    const entryOf = (all: CollectedSpan[]) => ({
      webServer: all.find((s) => s.serviceName === 'web' && s.kind === 'server' && !s.parentSpanId),
      metaServer: all.find(
        (s) => s.serviceName === 'meta' && s.kind === 'server' && parentIn(all, s)?.serviceName === 'web',
      ),
    });
    const spans = await waitForTrace(stack.traces, traceIdOf(res.headers.get('traceresponse')), (all) => {
      const checks = all.filter((x) => x.name === 'catalog.check');
      const { webServer, metaServer } = entryOf(all);
      return (
        webServer !== undefined &&
        metaServer !== undefined &&
        isDescendant(all, metaServer, webServer) &&
        checks.length === ALL.length &&
        checks.every((c) => all.filter((x) => x.parentSpanId === c.spanId).length === 2) &&
        all.some((x) => x.serviceName === 'budget' && x.kind === 'server')
      );
    });
    const parentOf = (span: CollectedSpan) => parentIn(spans, span);
    const webServer = entryOf(spans).webServer!;
    const metaServer = entryOf(spans).metaServer!;
    expect(parentOf(metaServer)?.kind).toBe('client');
    expect(isDescendant(spans, metaServer, webServer)).toBe(true);
    const checks = spans.filter((s) => s.name === 'catalog.check');
    expect(checks.map((s) => s.attributes['catalog.service']).sort()).toEqual([...ALL].sort());
    for (const check of checks) {
      expect(check.serviceName).toBe('meta');
      expect(isDescendant(spans, check, metaServer)).toBe(true);
      const service = entry(res.body, String(check.attributes['catalog.service']));
      expect(check.attributes['catalog.up']).toBe(service.health.status === 'up');
      // Readiness and version: two calls per service, asked at once.
      const calls = spans.filter((s) => s.kind === 'client' && s.parentSpanId === check.spanId);
      expect(calls).toHaveLength(2);
      expect(calls[0]!.startNs < calls[1]!.endNs && calls[1]!.startNs < calls[0]!.endNs).toBe(true);
    }
    // The version call reaches budget in the same trace (its /readyz is a probe and makes no span).
    const budgetServer = spans.find((s) => s.serviceName === 'budget' && s.kind === 'server')!;
    const caller = spans.find((s) => s.spanId === budgetServer.parentSpanId)!;
    expect(caller).toMatchObject({ serviceName: 'meta', kind: 'client' });
    const budgetCheck = checks.find((s) => s.attributes['catalog.service'] === 'budget')!;
    expect(caller.parentSpanId).toBe(budgetCheck.spanId);
  });

  it('when a service filter is given, then only those services are checked; an unknown name is a JSON 400', async () => {
    const res = await catalogue('?service=budget,web');
    expect(res.status).toBe(200);
    expect(res.body.services.map((s: Entry) => s.name).sort()).toEqual(['budget', 'web']);
    const bad = await catalogue('?service=budget,nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad_request', details: { field: 'service' } });
  });

  it('when a service stops, then the catalogue shows it down and the others up, and meta stays ready', async () => {
    await stack.stopService('provider-sim');
    try {
      const res = await catalogue();
      expect(res.status).toBe(200);
      expect(entry(res.body, 'provider-sim').health).toMatchObject({ status: 'down', statusCode: null });
      for (const name of running().filter((n) => n !== 'provider-sim'))
        expect(entry(res.body, name).health.status, name).toBe('up');
      expect((await request(`${stack.url('meta')}/readyz`)).status).toBe(200);
    } finally {
      await stack.startService('provider-sim');
    }
    await waitFor(
      async () => ((await catalogue('?service=provider-sim')).body.summary?.up === 1 ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 250, what: 'provider-sim to show as up again' },
    );
  });
});

describe.skipIf(!canOverrideEnv())('the catalogue with services that never answer', () => {
  // Long enough that three checks one after another (3 timeouts) cannot pass for parallel ones (about
  // one timeout) on a busy machine.
  const TIMEOUT_MS = 1_500;
  let silent: Server;

  // Registered before the stack: it starts first and, hooks after being run in reverse, closes last.
  beforeAll(async () => {
    // Accepts connections and never answers: only meta's timeout ends a check of it.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    silent?.closeAllConnections();
    silent?.close();
  });
  const stack = useStack(() => {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    return {
      services: ['web', 'meta'],
      env: {
        meta: {
          META_CHECK_TIMEOUT_MS: String(TIMEOUT_MS),
          CATALOG_TARGETS: `silent-a=${url},silent-b=${url},silent-c=${url}`,
        },
      },
    };
  });

  it('when services hang, then each check ends at the timeout and all run at once', async () => {
    const started = performance.now();
    const res = await request(`${stack.url('web')}/api/v1/meta/services`);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ total: 3, up: 0, down: 3 });
    for (const service of res.body.services as Entry[]) {
      expect(service.health).toMatchObject({ status: 'down', statusCode: null, error: 'upstream_timeout' });
      expect(service.health.latencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    }
    // One after another, three checks could not finish in less than three timeouts.
    expect(elapsed).toBeLessThan(2 * TIMEOUT_MS);
  });
});
