import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { request } from '../support/api.js';
import { isComposeTarget } from '../support/compose.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { RedisServer } from '../support/redis-server.js';
import { ServiceProcess } from '../support/service-process.js';

const RELAY = 'dist/tests/fixtures/relay/main.js';
const DURATION = 'http.server.request.duration';
// Longer than any test here: the only export a test can see is the one shutdown makes.
const NEVER_MS = '600000';

// Runs its own fixture processes: meaningless against the compose stack, so it skips there.
describe.skipIf(isComposeTarget())('the metrics bootstrap, as real processes', () => {
  let redis: RedisServer;
  let receiver: OtlpReceiver;
  const started: ServiceProcess[] = [];

  const relay = async (name: string, env: Record<string, string> = {}) => {
    const service = await ServiceProcess.start({
      name,
      entry: RELAY,
      env: { REDIS_URL: redis.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, ...env },
    });
    started.push(service);
    return service;
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    receiver = await OtlpReceiver.start();
  });

  afterEach(async () => {
    while (started.length > 0) await started.pop()?.stop();
  });

  afterAll(async () => {
    await receiver.stop();
    await redis.destroy();
  });

  it('when a service stops before its next export is due, then shutdown exports its metrics one last time', async () => {
    const service = await relay('metrics-flush', { OTEL_METRIC_EXPORT_INTERVAL: NEVER_MS });
    for (let i = 0; i < 3; i += 1) expect((await request(`${service.url}/relay/flush`)).status).toBe(200);
    expect(receiver.metricPoints('metrics-flush', DURATION)).toEqual([]);

    expect(await service.stop()).toBe(0);

    expect(receiver.metricTotal('metrics-flush', DURATION, { 'http.route': '/relay/:key' })).toBe(3);
    expect([...(receiver.metricEncodings.get('metrics-flush') ?? [])]).toEqual(['protobuf']);
  });

  it('when OTEL_EXPORTER_OTLP_METRICS_PROTOCOL is http/json, then metrics arrive as JSON while traces stay protobuf', async () => {
    const service = await relay('metrics-json', {
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'always_on',
    });
    await request(`${service.url}/relay/json`);
    await waitFor(
      () =>
        receiver.metricTotal('metrics-json', DURATION) >= 1 && receiver.encodings.has('metrics-json')
          ? true
          : undefined,
      { what: 'metrics-json metrics and spans' },
    );
    expect([...(receiver.metricEncodings.get('metrics-json') ?? [])]).toEqual(['json']);
    expect([...(receiver.encodings.get('metrics-json') ?? [])]).toEqual(['protobuf']);
  });

  it('when OTEL_METRICS_EXPORTER is none, then nothing is exported and the endpoint reports no request figures', async () => {
    const service = await relay('metrics-off', { OTEL_METRICS_EXPORTER: 'none' });
    await request(`${service.url}/relay/off`);
    const observed = await request(`${service.url}/api/v1/system/observability`);
    expect(observed.status).toBe(200);
    expect(observed.body.tracer.totalRequests).toBeUndefined();
    expect(await service.stop()).toBe(0);
    expect(receiver.metricEncodings.has('metrics-off')).toBe(false);
  });

  it('when OTEL_METRICS_EXPORTER names an exporter this stack does not have, then start-up stops naming the variable', async () => {
    const service = await ServiceProcess.start({
      name: 'metrics-bad',
      entry: RELAY,
      env: { REDIS_URL: redis.url, OTEL_METRICS_EXPORTER: 'prometheus' },
      noWait: true,
    });
    expect(await service.exited()).toBe(1);
    expect(service.log()).toContain('OTEL_METRICS_EXPORTER');
  });
});
