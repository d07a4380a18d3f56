import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  serviceEntry,
  newStackSecrets,
  serviceEnvironment,
  STACK_SERVICES,
} from '../../scripts/stack-definition.js';
import { request } from '../support/api.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { RedisServer } from '../support/redis-server.js';
import { ServiceProcess } from '../support/service-process.js';
import { canOverrideEnv } from '../support/stack.js';
import { traceIdOf } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const WEB = STACK_SERVICES.find((s) => s.name === 'web')!;
// Nothing listens on the discard port.
const NOWHERE = 'http://127.0.0.1:9';
const OUTSIDE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OUTSIDE_PARENT = `00-${OUTSIDE_TRACE}-00f067aa0ba902b7-01`;

// Each case needs the gateway with settings of its own (upstreams, sampling): local processes only.
describe.skipIf(!canOverrideEnv())('the gateway on its own', () => {
  let redis: RedisServer;
  let receiver: OtlpReceiver;
  let slow: Server;
  const started: ServiceProcess[] = [];

  /** web as the table configures it, with `upstreams` at the given URLs and the rest at the discard port. */
  const startWeb = async (env: Record<string, string>, upstreams: Record<string, string> = {}) => {
    const urlOf = (name: string) => upstreams[name] ?? NOWHERE;
    const web = await ServiceProcess.start({
      name: 'web',
      entry: serviceEntry('web'),
      env: {
        ...serviceEnvironment(WEB, urlOf, redis.url, newStackSecrets()),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        ...env,
      },
    });
    started.push(web);
    onTestFailed(() => console.log(web.log().slice(-3000)));
    return web;
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    receiver = await OtlpReceiver.start();
    // An upstream that never answers in time.
    slow = createServer((_req, res) => setTimeout(() => res.end('{}'), 5_000).unref());
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const web of started) await web.stop();
    slow?.closeAllConnections();
    await new Promise((resolve) => slow?.close(resolve));
    await receiver?.stop();
    await redis?.destroy();
  });

  it('when an upstream is down, then 502; after repeated failures its breaker opens and answers 503; a slow one is 504', async () => {
    const web = await startWeb(
      { OTEL_TRACES_SAMPLER: 'always_on', UPSTREAM_TIMEOUT_MS: '300' },
      { budget: NOWHERE, reports: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` },
    );
    const down = await request(`${web.url}/api/v1/budget`);
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ error: { code: 'upstream_unavailable' } });

    const open = await waitFor(async () => {
      const res = await request(`${web.url}/api/v1/budget`);
      return res.status === 503 ? res : undefined;
    });
    expect(open.body).toMatchObject({ error: { code: 'upstream_circuit_open' } });
    const observability = await request(`${web.url}/api/v1/system/observability`);
    expect(observability.body.breakers['upstream:budget'].state).toBe('open');
    expect(observability.body.rateLimiter).toMatchObject({ capacity: 1000, refillPerSecond: 100 });

    const timeout = await request(`${web.url}/api/v1/reports/comprehensive`);
    expect(timeout.status).toBe(504);
    expect(timeout.body).toMatchObject({ error: { code: 'upstream_timeout' } });
    expect(timeout.headers.get('ratelimit-policy')).toBeTruthy();
  });

  it('when an outside caller sends a sampled traceparent, then the gateway samples by its own ratio unless told to trust it', async () => {
    const untrusting = await startWeb({ OTEL_TRACES_SAMPLER: '', TRACE_SAMPLE_RATIO: '0' });
    const res = await fetch(`${untrusting.url}/api/v1/system/observability`, {
      headers: { traceparent: OUTSIDE_PARENT },
    });
    expect(res.status).toBe(200);
    expect(traceIdOf(res.headers.get('traceresponse'))).toBe(OUTSIDE_TRACE);
    expect(res.headers.get('traceresponse')).toMatch(/-00$/);

    const trusting = await startWeb({
      OTEL_TRACES_SAMPLER: '',
      TRACE_SAMPLE_RATIO: '0',
      TRACE_TRUST_REMOTE_PARENT: 'true',
    });
    const trusted = await fetch(`${trusting.url}/api/v1/system/observability`, {
      headers: { traceparent: OUTSIDE_PARENT },
    });
    expect(trusted.headers.get('traceresponse')).toMatch(/-01$/);
    await waitFor(async () => ((await receiver.spansOfTrace(OUTSIDE_TRACE)).length > 0 ? true : undefined));
    // Only the trusting gateway exported spans of that trace.
    const servers = (await receiver.spansOfTrace(OUTSIDE_TRACE)).filter((s) => s.kind === 'server');
    expect(servers.map((s) => s.attributes['server.port'])).toEqual([trusting.port]);
  });
});
