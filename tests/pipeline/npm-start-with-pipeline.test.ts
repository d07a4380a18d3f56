import { describe, expect, it } from 'vitest';
import { portVariable } from '../../scripts/stack-definition.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { JaegerTraceSource } from '../support/jaeger-reader.js';
import { launch } from '../support/launch.js';
import { traceIdOf, waitForTrace } from '../support/trace-source.js';

describe('npm start --with-pipeline', () => {
  it('when a user adds --with-pipeline, then the built collector, Jaeger and Prometheus run beside the service, their URLs are printed, and its traces reach Jaeger', async () => {
    const port = String(await freePort());
    const started = await launch(
      ['start', '--', 'provider-sim', '--with-pipeline'],
      { [portVariable('provider-sim')]: port },
      'npm-start-with-pipeline',
    );
    try {
      const jaeger = /jaeger +(http:\/\/127\.0\.0\.1:\d+)\/api\/v3\/traces/.exec(started.log())?.[1];
      const prometheus = /prometheus +(http:\/\/127\.0\.0\.1:\d+)/.exec(started.log())?.[1];
      expect(jaeger, 'the Jaeger URL is printed').toBeDefined();
      expect((await fetch(`${prometheus}/-/ready`)).status).toBe(200);

      const res = await fetch(`http://127.0.0.1:${port}/v1/providers`);
      expect(res.status).toBe(200);
      const spans = await waitForTrace(
        new JaegerTraceSource(jaeger!),
        traceIdOf(res.headers.get('traceresponse')),
        (s) => s.some((x) => x.serviceName === 'provider-sim' && x.kind === 'server'),
      );
      expect(spans.find((s) => s.kind === 'server')?.attributes['http.route']).toBe('/v1/providers');
    } finally {
      expect(await started.stop()).toBe(0);
    }
    expect(started.log()).toContain('otel-stack: stopped');
  }, 120_000);
});
