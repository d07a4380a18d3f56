/**
 * The Jaeger TraceSource against api_v3 bodies served by a local HTTP server. The bodies in
 * tests/fixtures/recorded/ have the shape of Jaeger 2.x's api_v3 gateway (the source is named in
 * tests/support/jaeger-reader.ts): `{"result": OTLP/JSON}` for a found trace, attributes sorted by key
 * as Jaeger's adjusters leave them; the 404 as Go's http.Error writes it (text/plain, JSON, newline).
 * No Docker engine runs where this suite runs, so they were assembled to that shape from our services'
 * span layout, not captured from a live Jaeger.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JaegerTraceSource } from '../support/jaeger-reader.js';
import { isDescendant, waitForTrace } from '../support/trace-source.js';

const RECORDED = resolve(import.meta.dirname, '../fixtures/recorded');
const FOUND = readFileSync(join(RECORDED, 'jaeger-api-v3-trace-found.json'));
const NOT_FOUND = readFileSync(join(RECORDED, 'jaeger-api-v3-trace-not-found.json'));
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('JaegerTraceSource, on api_v3 responses', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  /** How many more GETs of the known trace answer 404 before it "arrives". */
  let notYet = 0;
  let failWith: number | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (failWith) {
        res.writeHead(failWith, { 'content-type': 'text/plain; charset=utf-8' }).end('storage unavailable\n');
        return;
      }
      const found = req.url === `/api/v3/traces/${TRACE_ID}` && notYet-- <= 0;
      if (found) res.writeHead(200, { 'content-type': 'application/json' }).end(FOUND);
      else {
        res
          .writeHead(404, {
            'content-type': 'text/plain; charset=utf-8',
            'x-content-type-options': 'nosniff',
          })
          .end(NOT_FOUND);
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    requests.length = 0;
    notYet = 0;
    failWith = undefined;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('when the trace is stored, then its spans come back as one tree across services', async () => {
    const spans = await new JaegerTraceSource(base).spansOfTrace(TRACE_ID);

    expect(requests).toEqual([`/api/v3/traces/${TRACE_ID}`]);
    expect(spans).toHaveLength(6);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([TRACE_ID]));
    const webServer = spans.find((s) => s.serviceName === 'web' && s.kind === 'server');
    const webClient = spans.find((s) => s.serviceName === 'web' && s.kind === 'client');
    const budgetServer = spans.find((s) => s.serviceName === 'budget' && s.kind === 'server');
    const redis = spans.find((s) => s.attributes['db.system.name'] === 'redis');
    expect(webServer?.parentSpanId).toBeUndefined();
    expect(webServer?.attributes['http.route']).toBe('/api/v1/budget/:clientId');
    expect(webServer?.attributes['http.response.status_code']).toBe(200);
    expect(budgetServer?.parentSpanId).toBe(webClient?.spanId);
    expect(isDescendant(spans, redis!, budgetServer!)).toBe(true);
    expect(isDescendant(spans, redis!, webServer!)).toBe(true);
    expect(budgetServer?.resource['service.namespace']).toBe('otel-stack');
    expect(budgetServer?.resource['process.pid']).toBe(7);
  });

  it('when a span carries events and typed attributes, then they are decoded', async () => {
    const spans = await new JaegerTraceSource(base).spansOfTrace(TRACE_ID);
    const read = spans.find((s) => s.name === 'budget.read');

    expect(read?.kind).toBe('internal');
    expect(read?.attributes).toEqual({
      'budget.client_id': 'acme',
      'budget.remaining_usd': 7.5,
      'cache.hit': false,
    });
    expect(read?.events).toEqual([{ name: 'cache.miss', attributes: { 'cache.key': 'budget:acme' } }]);
    expect(read!.endNs - read!.startNs).toBe(29_200_000n);
  });

  it('when Jaeger answers 404, then the trace is empty rather than an error', async () => {
    const spans = await new JaegerTraceSource(base).spansOfTrace('0af7651916cd43dd8448eb211c80319c');

    expect(spans).toEqual([]);
  });

  it('when the trace arrives after two 404s, then waitForTrace polls until it is there', async () => {
    notYet = 2;

    const spans = await waitForTrace(new JaegerTraceSource(base), TRACE_ID, (s) => s.length === 6, 5_000);

    expect(spans).toHaveLength(6);
    expect(requests).toHaveLength(3);
  });

  it('when Jaeger fails with 503, then the read rejects with the status and body', async () => {
    failWith = 503;

    await expect(new JaegerTraceSource(base).spansOfTrace(TRACE_ID)).rejects.toThrow(
      /answered 503: storage unavailable/,
    );
  });

  it('when the base URL ends with a slash, then the path is still /api/v3/traces/{id}', async () => {
    await new JaegerTraceSource(`${base}/`).spansOfTrace(TRACE_ID);

    expect(requests).toEqual([`/api/v3/traces/${TRACE_ID}`]);
  });
});
