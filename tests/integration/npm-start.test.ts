import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { portVariable, STACK_SERVICES } from '../../scripts/stack-definition.js';
import { burst, uniquePrompt } from '../support/api.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { ROOT } from '../support/service-process.js';
import { installedNodeVersion, machinePath } from '../support/pinned-node.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { isComposeTarget } from '../support/compose.js';

// The local launcher itself: under STACK_TARGET=compose the stack is the containers, so it skips.
describe.skipIf(isComposeTarget())('npm start', () => {
  let receiver: OtlpReceiver | undefined;
  beforeAll(() => {
    mkdirSync(join(ROOT, '.tmp/logs'), { recursive: true });
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('when a user runs npm start, then the gateway serves a burst and SIGTERM stops every process cleanly', async () => {
    receiver = await OtlpReceiver.start();
    const ports: Record<string, string> = {};
    for (const service of STACK_SERVICES) ports[portVariable(service.name)] = String(await freePort());
    const logFile = join(ROOT, '.tmp/logs/npm-start.log');
    const fd = openSync(logFile, 'w');
    const env: Record<string, string> = {
      PATH: machinePath(),
      HOME: process.env.HOME ?? '/tmp',
      ...ports,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_TRACES_SAMPLER: 'always_on',
    };
    const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    onTestFailed(() => console.log(readFileSync(logFile, 'utf8').slice(-6000)));

    const web = `http://127.0.0.1:${ports.WEB_PORT}`;
    try {
      await waitFor(
        () => (readFileSync(logFile, 'utf8').includes('otel-stack: ready (') ? true : undefined),
        {
          timeoutMs: 60_000,
          intervalMs: 200,
          what: 'the stack to report ready',
        },
      );
      const res = await burst(web, { prompt: uniquePrompt('npm-start'), providers: ['alpha', 'beta'] });
      expect(res.status).toBe(200);
      expect(res.body.results.every((r: { status: string }) => r.status === 'ok')).toBe(true);
      await waitFor(() => (receiver!.spansOfService('provider-sim').length > 0 ? true : undefined));
      // Whatever Node the machine has, every service runs on the one npm scripts pin.
      const runtimes = new Set(receiver.spans.map((span) => span.resource['process.runtime.version']));
      expect([...runtimes]).toEqual([installedNodeVersion().slice(1)]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('otel-stack: stopped');
    for (const variable of Object.keys(ports)) {
      const refused = await fetch(`http://127.0.0.1:${ports[variable]}/healthz`).then(
        () => false,
        () => true,
      );
      expect(refused, `${variable} still answers`).toBe(true);
    }
  }, 90_000);

  it('when a user runs npm run start:budget with no REDIS_URL, then budget starts on the pinned Node with a private Redis and stops cleanly', async () => {
    const port = String(await freePort());
    const logFile = join(ROOT, '.tmp/logs/npm-start-budget.log');
    const fd = openSync(logFile, 'w');
    const env: Record<string, string> = {
      PATH: machinePath(),
      HOME: process.env.HOME ?? '/tmp',
      [portVariable('budget')]: port,
      // Nothing listens here: the launcher warns and the service still starts.
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    };
    const child = spawn('npm', ['run', 'start:budget'], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    onTestFailed(() => console.log(readFileSync(logFile, 'utf8').slice(-6000)));
    try {
      await waitFor(() => (readFileSync(logFile, 'utf8').includes('otel-stack: ready') ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: 'budget to report ready',
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const log = readFileSync(logFile, 'utf8');
      expect(log).toMatch(/private redis-server on port \d+|redis-server another launcher started/);
      expect(log).toContain(`ready (Node ${installedNodeVersion()})`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
