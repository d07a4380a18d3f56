import { afterAll, describe, expect, it } from 'vitest';
import { portVariable, STACK_SERVICES } from '../../scripts/stack-definition.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { burst, request, uniquePrompt } from '../support/api.js';
import { ROOT } from '../../scripts/tooling/root.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { installedNodeVersion } from '../support/pinned-node.js';
import { launch } from '../support/launch.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { isComposeTarget } from '../support/compose.js';

const refuses = (port: string) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => false,
    () => true,
  );

// The local launcher itself: under STACK_TARGET=compose the stack is the containers, so it skips.
describe.skipIf(isComposeTarget())('npm start', () => {
  let receiver: OtlpReceiver | undefined;
  afterAll(async () => {
    await receiver?.stop();
  });

  it('when a user runs npm start, then the gateway serves a burst and SIGTERM stops every process cleanly', async () => {
    receiver = await OtlpReceiver.start();
    const ports: Record<string, string> = {};
    for (const service of STACK_SERVICES) ports[portVariable(service.name)] = String(await freePort());
    const stack = await launch(
      ['start'],
      { ...ports, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_TRACES_SAMPLER: 'always_on' },
      'npm-start',
    );
    const web = `http://127.0.0.1:${ports.WEB_PORT}`;
    try {
      // The launcher issued the demo client a key and printed it with the admin token, as the README says.
      const key = /API key of client "demo": (osk_[\w-]{43})/.exec(stack.log())?.[1];
      const adminToken = /admin token: ([0-9a-f]{64})/.exec(stack.log())?.[1];
      expect(key, 'the demo key in the launcher output').toBeDefined();
      expect(readFileSync(join(ROOT, '.tmp/demo-key'), 'utf8').trim()).toBe(key);
      const res = await burst(
        web,
        { prompt: uniquePrompt('npm-start'), providers: ['alpha', 'beta'] },
        { 'x-api-key': key! },
      );
      expect(res.status).toBe(200);
      const invented = await burst(web, { prompt: 'p' }, { 'x-api-key': `osk_${'C'.repeat(43)}` });
      expect(invented.status).toBe(401);
      const issued = await request(`${web}/api/v1/admin/api-keys`, {
        body: { client: 'flood' },
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(issued.status).toBe(201);
      // provider-sim's fault injection takes the same token, and nothing without it.
      const sim = `http://127.0.0.1:${ports.PROVIDER_SIM_PORT}/admin/faults`;
      expect((await request(sim)).status).toBe(401);
      expect((await request(sim, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
      expect(res.body.results.every((r: { status: string }) => r.status === 'ok')).toBe(true);
      await waitFor(() => (receiver!.spansOfService('provider-sim').length > 0 ? true : undefined));
      // Whatever Node the machine has, every service runs on the one npm scripts pin.
      const runtimes = new Set(receiver.spans.map((span) => span.resource['process.runtime.version']));
      expect([...runtimes]).toEqual([installedNodeVersion().slice(1)]);
    } finally {
      expect(await stack.stop()).toBe(0);
    }
    expect(stack.log()).toContain('otel-stack: stopped');
    for (const [variable, port] of Object.entries(ports)) {
      expect(await refuses(port), `${variable} still answers`).toBe(true);
    }
  }, 90_000);

  it('when a user runs npm run start:budget with no REDIS_URL, then budget starts on the pinned Node with a private Redis and stops cleanly', async () => {
    const port = String(await freePort());
    // Nothing listens at the exporter's address: the launcher warns and the service still starts.
    const budget = await launch(
      ['run', 'start:budget'],
      { [portVariable('budget')]: port, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}` },
      'npm-start-budget',
    );
    try {
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(budget.log()).toMatch(/private redis-server on port \d+|redis-server another launcher started/);
      expect(budget.log()).toContain(`ready (Node ${installedNodeVersion()})`);
    } finally {
      expect(await budget.stop()).toBe(0);
    }
  }, 90_000);

  it('when a user runs npm start with --replicas, then the service runs that many times behind HAProxy on its own port, and SIGTERM stops them and the balancer', async () => {
    const port = String(await freePort());
    const replicas = await launch(
      ['start', '--', 'budget', '--replicas', 'budget=2'],
      { [portVariable('budget')]: port, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}` },
      'npm-start-replicas',
    );
    try {
      expect(replicas.log()).toContain('(2 replicas behind HAProxy)');
      expect(replicas.log()).toMatch(/budget#1 +\|/);
      expect(replicas.log()).toMatch(/budget#2 +\|/);
      // The service's own port is the balancer's; it forwards to a ready replica.
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      expect(await replicas.stop()).toBe(0);
    }
    expect(await refuses(port), 'the balancer still answers').toBe(true);
  }, 90_000);
});
