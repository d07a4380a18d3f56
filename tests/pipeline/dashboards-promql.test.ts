/**
 * Every PromQL expression of the Grafana dashboards, run against the real Prometheus while the whole
 * stack is under the load generator's traffic: each must return data, or its panel would show "No
 * data" to the user who just ran `docker compose up`.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { STACK_SERVICES } from '../../scripts/stack-definition.js';
import { spawnNode } from '../../scripts/tooling/node-process.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { dashboardExpressions } from '../support/dashboards.js';
import { startStack, type Stack } from '../support/stack.js';

// What Grafana substitutes: a rate window a few scrape intervals wide, and "All" for the service.
const VARIABLES: Record<string, string> = { $__rate_interval: '1m', $service: '.*' };
const LOAD_SECONDS = 25;

function substitute(expr: string): string {
  return Object.entries(VARIABLES).reduce((text, [name, value]) => text.replaceAll(name, value), expr);
}

async function resultCount(prometheusUrl: string, expr: string): Promise<number> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  if (!res.ok) throw new Error(`Prometheus refused ${expr}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { data: { result: unknown[] } };
  return body.data.result.length;
}

/** Runs the load generator against the gateway until it stops by itself; resolves with its exit code. */
function runLoad(gatewayUrl: string): Promise<number | null> {
  const child = spawnNode(['dist/scripts/load/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      LOAD_TARGET_URL: gatewayUrl,
      LOAD_RATE: '10',
      LOAD_DURATION_SECONDS: String(LOAD_SECONDS),
      // A flood every few seconds, so the rate-limiting panels have refusals to show.
      LOAD_FLOOD_EVERY: '40',
      LOAD_FLOOD_SIZE: '150',
    },
    output: 'pipe',
  });
  // Read, so a full pipe never blocks it; its summary is not what this test is about.
  child.stdout?.resume();
  child.stderr?.resume();
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('the dashboards against the real Prometheus', () => {
  let stack: Stack;
  let loadDone: Promise<number | null>;

  beforeAll(async () => {
    // Metrics exported every second, so a short load fills several points of every rate window.
    const env = Object.fromEntries(
      STACK_SERVICES.map((s) => [s.name, { OTEL_METRIC_EXPORT_INTERVAL: '1000' }]),
    );
    stack = await startStack({ telemetry: 'pipeline', env });
    loadDone = runLoad(stack.url('web'));
  }, 180_000);
  afterAll(async () => {
    await loadDone;
    await stack?.close();
  });

  it('when the stack is under load, then every panel query of every dashboard returns data', async () => {
    onTestFailed(() => console.log(stack.logs()));
    const prometheusUrl = stack.pipeline!.prometheusUrl;
    const queries = dashboardExpressions().map((q) => ({ ...q, expr: substitute(q.expr) }));
    expect(queries.length).toBeGreaterThan(25);

    const emptyQueries = async (): Promise<string[]> => {
      const missing: string[] = [];
      for (const q of queries) {
        if ((await resultCount(prometheusUrl, q.expr)) === 0)
          missing.push(`${q.file} / ${q.where}: ${q.expr}`);
      }
      return missing;
    };
    // Data arrives over the first seconds of load; what is still empty when the wait ends is the failure.
    const empty = await waitFor(async () => ((await emptyQueries()).length === 0 ? [] : undefined), {
      timeoutMs: (LOAD_SECONDS + 30) * 1000,
      intervalMs: 2000,
      what: 'data for every panel query',
    }).catch(emptyQueries);
    expect(empty).toEqual([]);
    expect(await loadDone).toBe(0);
  }, 180_000);
});
