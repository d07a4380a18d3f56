import { describe, expect, it } from 'vitest';
import { portVariable, STACK_SERVICES } from '../../scripts/stack-definition.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { isComposeTarget } from '../support/compose.js';
import { launch } from '../support/launch.js';

const ready = async (port: string) =>
  (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200;

/** The pid in the first JSON log line the launcher relayed for `label` (pino writes it on every line). */
function pidOf(log: string, label: string): number {
  const line = log.split('\n').find((l) => l.startsWith(`${label.padEnd(12)} | {`) && l.includes('"pid":'));
  const pid = Number(/"pid":(\d+)/.exec(line ?? '')?.[1]);
  if (!pid) throw new Error(`no log line of ${label} with its pid`);
  return pid;
}

/** Kills `label`'s process like a crash and waits until the launcher reports it ready again. */
async function crashAndAwaitRestart(stack: { log: () => string }, label: string, otherPort: string) {
  process.kill(pidOf(stack.log(), label), 'SIGKILL');
  await waitFor(
    async () => {
      // Meanwhile the rest of the stack keeps serving.
      expect(await ready(otherPort)).toBe(true);
      return stack.log().includes(`${label} restarted and ready again`) ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `${label} to be restarted` },
  );
  expect(stack.log()).toContain(`${label} exited (SIGKILL); restarting it in 500 ms (attempt 1)`);
}

// The local launcher itself: under STACK_TARGET=compose the stack is the containers, so it skips.
describe.skipIf(isComposeTarget())('npm start supervises its services', () => {
  it('when a service or a replica is killed, then npm start restarts it while the others keep serving', async () => {
    const ports: Record<string, string> = {};
    for (const service of STACK_SERVICES) ports[portVariable(service.name)] = String(await freePort());
    const stack = await launch(
      ['start', '--', '--replicas', 'budget=2'],
      { ...ports, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}` },
      'npm-start-supervision',
    );
    const web = ports[portVariable('web')]!;
    const budget = ports[portVariable('budget')]!;
    try {
      await crashAndAwaitRestart(stack, 'web', budget);
      expect(await ready(web)).toBe(true);
      // A replica: the balancer keeps answering on the service's port while it comes back.
      await crashAndAwaitRestart(stack, 'budget#1', budget);
      expect(await ready(web)).toBe(true);
    } finally {
      expect(await stack.stop()).toBe(0);
    }
  }, 180_000);

  it('when a service exits at every start, then npm start gives up after a few restarts and exits non-zero with a report', async () => {
    const stack = await launch(
      ['run', 'start:budget'],
      {
        [portVariable('budget')]: String(await freePort()),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
        // A setting budget refuses at start-up, so each of its starts ends at once.
        BUDGET_LIMIT_USD: '-1',
      },
      'npm-start-crash-loop',
      { ready: false },
    );
    expect(await stack.exited()).not.toBe(0);
    expect(stack.log()).toContain('restarting it in 500 ms (attempt 1)');
    expect(stack.log()).toContain('restarting it in 4000 ms (attempt 4)');
    expect(stack.log()).toMatch(
      /budget exited \(1\) and has crashed 5 times within 60 s: it is crash-looping/,
    );
    expect(stack.log()).not.toContain('otel-stack: ready (');
  }, 90_000);
});
