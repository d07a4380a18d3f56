import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { RedisServer } from '../support/redis-server.js';
import { ServiceProcess } from '../support/service-process.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { isComposeTarget } from '../support/compose.js';

const RELAY = 'dist/tests/fixtures/relay/main.js';

// Runs its own fixture processes: meaningless against the compose stack, so it skips there.
describe.skipIf(isComposeTarget())('bootstrap and service kit, as real processes', () => {
  let redis: RedisServer;
  let receiver: OtlpReceiver;
  let back: ServiceProcess;
  let front: ServiceProcess;
  const extra: ServiceProcess[] = [];

  const env = () => ({
    REDIS_URL: redis.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_TRACES_SAMPLER: 'always_on',
  });

  beforeAll(async () => {
    redis = await RedisServer.start();
    receiver = await OtlpReceiver.start();
    back = await ServiceProcess.start({ name: 'relay-back', entry: RELAY, env: env() });
    front = await ServiceProcess.start({
      name: 'relay-front',
      entry: RELAY,
      env: { ...env(), UPSTREAM_URL: back.url },
    });
  });

  afterEach(async () => {
    await redis.start();
    while (extra.length > 0) await extra.pop()?.stop();
  });

  afterAll(async () => {
    await front?.stop();
    await back?.stop();
    await receiver?.stop();
    await redis?.destroy();
  });

  it('when a request crosses two services and Redis, then it is one trace with route, client, server and ioredis spans', async () => {
    const res = await fetch(`${front.url}/relay/alpha`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ via: 'relay-front', upstream: { via: 'relay-back', count: 1 } });
    const traceId = traceIdOf(res.headers.get('traceresponse'));

    const spans = await waitForTrace(
      receiver,
      traceId,
      (s) =>
        s.some((x) => x.serviceName === 'relay-back' && x.attributes['db.system.name'] === 'redis') &&
        s.some((x) => x.serviceName === 'relay-front' && x.kind === 'server'),
    );
    const frontServer = spans.find((s) => s.serviceName === 'relay-front' && s.kind === 'server');
    const frontClient = spans.find((s) => s.serviceName === 'relay-front' && s.kind === 'client');
    const backServer = spans.find((s) => s.serviceName === 'relay-back' && s.kind === 'server');
    const redisSpan = spans.find(
      (s) => s.serviceName === 'relay-back' && s.attributes['db.system.name'] === 'redis',
    );

    expect(frontServer?.attributes['http.route']).toBe('/relay/:key');
    expect(backServer?.attributes['http.route']).toBe('/relay/:key');
    expect(frontServer?.parentSpanId).toBeUndefined();
    expect(isDescendant(spans, frontClient!, frontServer!)).toBe(true);
    expect(backServer?.parentSpanId).toBe(frontClient?.spanId);
    expect(isDescendant(spans, redisSpan!, backServer!)).toBe(true);
    const handler = spans.find((s) => s.serviceName === 'relay-back' && s.name === 'request handler');
    expect(handler?.attributes['http.route']).toBe('/relay/:key');
    expect(isDescendant(spans, redisSpan!, handler!)).toBe(true);
    // Middleware and router layers are not traced: one span per handler keeps traces readable and cheap.
    expect(spans.filter((s) => s.attributes['express.type'] === 'middleware')).toEqual([]);
    expect(frontServer?.resource['service.namespace']).toBe('otel-stack');
    expect(frontServer?.resource['service.version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(frontServer?.resource['deployment.environment.name']).toBeTypeOf('string');
    expect(frontServer?.resource['host.name']).toBeTypeOf('string');
    expect(frontServer?.resource['process.pid']).toBeTypeOf('number');
    expect(res.headers.get('traceresponse')).toBe(`00-${traceId}-${frontServer?.spanId}-01`);
  });

  it('when a client sends a huge query string, then the span attribute is capped at 4096 characters', async () => {
    const res = await fetch(`${back.url}/relay/long?q=${'x'.repeat(10_000)}`);
    expect(res.status).toBe(200);
    const spans = await waitForTrace(receiver, traceIdOf(res.headers.get('traceresponse')), (s) =>
      s.some((x) => x.kind === 'server'),
    );
    const server = spans.find((s) => s.kind === 'server')!;
    const longest = Math.max(...Object.values(server.attributes).map((v) => String(v).length));
    expect(
      String(server.attributes['url.query'] ?? server.attributes['url.full'] ?? '').length,
    ).toBeGreaterThan(1000);
    expect(longest).toBeLessThanOrEqual(4096);
  });

  it('when probes are polled, then they answer without creating spans, with security headers', async () => {
    const before = receiver.spans.length;
    const health = await fetch(`${front.url}/healthz`);
    const ready = await fetch(`${front.url}/readyz`);
    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    // A traced request afterwards proves the exporter ran; no probe span may be among what arrived.
    const res = await fetch(`${back.url}/relay/probe-marker`);
    await waitForTrace(receiver, traceIdOf(res.headers.get('traceresponse')), () => true);
    const probeSpans = receiver.spans
      .slice(before)
      .filter((s) =>
        String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '').match(/healthz|readyz/),
      );
    expect(probeSpans).toEqual([]);
  });

  it('when Redis stops, then /readyz is 503 naming it and /healthz 200; when it returns, /readyz is 200 again', async () => {
    await redis.stop();
    const notReady = await waitFor(async () => {
      const res = await fetch(`${back.url}/readyz`);
      return res.status === 503 ? res : undefined;
    });
    expect(await notReady.json()).toMatchObject({ status: 'not_ready', failed: ['redis'] });
    expect((await fetch(`${back.url}/healthz`)).status).toBe(200);
    const storage = await fetch(`${back.url}/relay/while-down`);
    expect(storage.status).toBe(503);
    expect(await storage.json()).toMatchObject({ error: { code: 'dependency_unavailable' } });
    // The JSON log line of that failure carries the request's trace and span ids.
    const traceId = traceIdOf(storage.headers.get('traceresponse'));
    const logged = await waitFor(() =>
      back
        .log()
        .split('\n')
        .find((line) => line.includes(`"trace_id":"${traceId}"`)),
    );
    expect(JSON.parse(logged)).toMatchObject({
      level: 40,
      trace_id: traceId,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });

    await redis.start();
    await waitFor(async () => ((await fetch(`${back.url}/readyz`)).status === 200 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'readiness after Redis returned',
    });
  });

  it('when the body is malformed, too large or the route unknown, then each answers JSON 4xx without a stack', async () => {
    const cases = [
      {
        init: { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } },
        path: '/echo',
        status: 400,
        code: 'invalid_json',
      },
      {
        init: {
          method: 'POST',
          body: JSON.stringify({ a: 'x'.repeat(200_000) }),
          headers: { 'content-type': 'application/json' },
        },
        path: '/echo',
        status: 413,
        code: 'payload_too_large',
      },
      { init: { method: 'GET' }, path: '/nowhere', status: 404, code: 'not_found' },
    ];
    for (const c of cases) {
      const res = await fetch(`${front.url}${c.path}`, c.init);
      const text = await res.text();
      expect(res.status, c.path).toBe(c.status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(JSON.parse(text)).toMatchObject({ error: { code: c.code } });
      expect(text).not.toMatch(/at .*\.js:\d+|node_modules/);
    }
  });

  it('when a request finishes just before SIGTERM, then its spans reach the receiver and the exit code is 0', async () => {
    const doomed = await ServiceProcess.start({
      name: 'relay-doomed',
      entry: RELAY,
      // A long batch delay: only the shutdown flush can deliver the span in time.
      env: { ...env(), OTEL_BSP_SCHEDULE_DELAY: '60000' },
    });
    const slow = fetch(`${doomed.url}/slow?ms=300`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = doomed.stop();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await stopped).toBe(0);
    const traceId = traceIdOf(res.headers.get('traceresponse'));
    const spans = await receiver.spansOfTrace(traceId);
    expect(spans.some((s) => s.kind === 'server' && s.serviceName === 'relay-doomed')).toBe(true);
  });

  it('when SIGTERM arrives with a drain delay, then /readyz is 503 while requests are still served and close their connections, and in-flight ones finish', async () => {
    const draining = await ServiceProcess.start({
      name: 'relay-draining',
      entry: RELAY,
      env: { ...env(), SHUTDOWN_DRAIN_DELAY_MS: '1500' },
    });
    const slow = fetch(`${draining.url}/slow?ms=2500`);
    const stopped = draining.stop();
    const notReady = await waitFor(
      async () => {
        const res = await fetch(`${draining.url}/readyz`);
        return res.status === 503 ? ((await res.json()) as { status: string }) : undefined;
      },
      { what: '/readyz to answer 503' },
    );
    expect(notReady).toEqual({ status: 'draining' });
    const during = await fetch(`${draining.url}/relay/drain`);
    expect(during.status).toBe(200);
    expect(during.headers.get('connection')).toBe('close');
    expect((await slow).status).toBe(200);
    expect(await stopped).toBe(0);
    expect(draining.log()).toContain('draining: out of rotation, still serving');
  });

  it('when no protocol is set, then spans arrive as protobuf; http/json stays selectable; grpc is refused at start-up', async () => {
    const json = await ServiceProcess.start({
      name: 'relay-json',
      entry: RELAY,
      env: { ...env(), OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' },
    });
    extra.push(json);
    const res = await fetch(`${json.url}/relay/json`);
    const spans = await waitForTrace(receiver, traceIdOf(res.headers.get('traceresponse')), (s) =>
      s.some((x) => x.kind === 'server' && x.serviceName === 'relay-json'),
    );
    expect(spans.find((s) => s.kind === 'server')?.attributes['http.route']).toBe('/relay/:key');
    expect([...(receiver.encodings.get('relay-json') ?? [])]).toEqual(['json']);
    // The shared relays run with no protocol variable: the default.
    await waitFor(() => receiver.encodings.get('relay-front'), { what: 'relay-front spans' });
    expect([...(receiver.encodings.get('relay-front') ?? [])]).toEqual(['protobuf']);

    const grpc = await ServiceProcess.start({
      name: 'relay-grpc',
      entry: RELAY,
      env: { ...env(), OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      noWait: true,
    });
    expect(await grpc.exited()).not.toBe(0);
    expect(grpc.log()).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
  });

  it('when OTEL_SERVICE_NAME is missing or a number is invalid, then start-up stops with a message naming it', async () => {
    const missing = await ServiceProcess.start({
      name: 'relay-unnamed',
      entry: RELAY,
      env: { ...env(), OTEL_SERVICE_NAME: '' },
      noWait: true,
    });
    expect(await missing.exited()).not.toBe(0);
    expect(missing.log()).toContain('OTEL_SERVICE_NAME');

    const invalid = await ServiceProcess.start({
      name: 'relay-invalid',
      entry: RELAY,
      env: { ...env(), SHUTDOWN_GRACE_MS: 'soon' },
      noWait: true,
    });
    expect(await invalid.exited()).not.toBe(0);
    expect(invalid.log()).toContain('SHUTDOWN_GRACE_MS');
    expect(invalid.log()).not.toMatch(/at .*\.js:\d+/);
  });
});
