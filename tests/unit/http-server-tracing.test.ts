import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExpressRouteTracing } from '../../instrumentation/telemetry/express-route-tracing.js';
import { HttpServerTracing } from '../../instrumentation/telemetry/http-server-tracing.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const exporter = new InMemorySpanExporter();
const REMOTE = '0af7651916cd43dd8448eb211c80319c';
let ignoreThrows = false;
const serverTracing = new HttpServerTracing({
  ignore: (url) => {
    if (ignoreThrows) throw new Error('broken ignore hook');
    return url === '/healthz';
  },
});
const routeTracing = new ExpressRouteTracing();
let server: Server;
let base: string;

describe('the lean HTTP-server and Express-route tracing, in process', () => {
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new TracerProvider({
        sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
    );
    serverTracing.enable();
    routeTracing.enable();
    const app = express();
    app.use(express.json());
    app.post('/items/:id', (req, res) => {
      // A span made after the body was read (in a socket event) still sits under the request.
      trace.getTracer('test').startSpan('after-body').end();
      res.json({ traceId: trace.getActiveSpan()?.spanContext().traceId, body: req.body as unknown });
    });
    app.get('/healthz', (_req, res) => {
      res.json({ active: trace.getActiveSpan() !== undefined });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    exporter.reset();
    ignoreThrows = false;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    serverTracing.disable();
    routeTracing.disable();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('when a request is sampled, then the route names the server span and spans made after the body sit under the handler span', async () => {
    const res = await fetch(`${base}/items/7`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(res.status).toBe(200);
    const spans = await waitFor(() =>
      exporter.getFinishedSpans().length === 3 ? exporter.getFinishedSpans() : undefined,
    );
    const byName = new Map(spans.map((s) => [s.name, s]));
    const serverSpan = byName.get('POST /items/:id');
    const handler = byName.get('request handler');
    expect(serverSpan?.attributes['http.route']).toBe('/items/:id');
    expect(handler?.parentSpanContext?.spanId).toBe(serverSpan?.spanContext().spanId);
    expect(byName.get('after-body')?.parentSpanContext?.spanId).toBe(handler?.spanContext().spanId);
  });

  it('when the remote parent is not sampled, then nothing is recorded and the handler still runs in its trace', async () => {
    const res = await fetch(`${base}/items/8`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${REMOTE}-b7ad6b7169203331-00` },
      body: '{}',
    });
    expect(((await res.json()) as { traceId: string }).traceId).toBe(REMOTE);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('when a request is ignored, then it runs with no active span; when the ignore hook throws, then the request is still served', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ active: false });
    ignoreThrows = true;
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
