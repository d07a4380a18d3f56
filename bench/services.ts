/**
 * The real services: web → budget → provider-sim at its default latency, started as production starts
 * them (under the bootstrap, at their own declared sampling), pinned to the server core. Bursts are
 * sent one at a time and timed end to end; then 20 identical bursts at once, and provider-sim's call
 * counts tell how many fan-outs they cost.
 */
import type { ChildProcess } from 'node:child_process';
import {
  newStackSecrets,
  serviceEntry,
  serviceEnvironment,
  STACK_SERVICES,
} from '../scripts/stack-definition.js';
import { freePort } from '../scripts/tooling/free-port.js';
import { bootstrapArgs, stopProcess, waitForReady } from '../scripts/tooling/node-process.js';
import { SERVER_CORE, spawnPlaced } from './support/processes.js';
import { quantile, round } from './support/stats.js';

export interface ServicesSettings {
  /** Each round: one uncached burst (a new prompt), then `cachedPerRound` repeats of it. */
  rounds: number;
  cachedPerRound: number;
  concurrent: number;
}

export interface LatencyFigures {
  n: number;
  p50Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

export interface ServicesResult {
  services: string[];
  providers: string[];
  uncached: LatencyFigures;
  cached: LatencyFigures;
  /** cached p50 / uncached p50. */
  cachedToUncachedP50: number;
  /** Answers whose `cached` flag was not the expected one (e.g. an entry expired mid-round). */
  unexpected: number;
  dedup: {
    concurrent: number;
    statuses: Record<string, number>;
    distinctIds: number;
    charged: number;
    providerCalls: Record<string, number>;
    exactlyOneFanOut: boolean;
  };
}

const STARTED = ['provider-sim', 'budget', 'web'];
const PROVIDERS = ['alpha', 'beta', 'gamma'];

function figures(values: number[]): LatencyFigures {
  return {
    n: values.length,
    p50Ms: round(quantile(values, 0.5), 2),
    p99Ms: round(quantile(values, 0.99), 2),
    minMs: round(Math.min(...values), 2),
    maxMs: round(Math.max(...values), 2),
  };
}

interface BurstAnswer {
  status: number;
  ms: number;
  body: { id?: string; cached?: boolean; totalCostUsd?: number };
}

/** Each bench client's key, issued once through the gateway's admin route. */
const keys = new Map<string, string>();

async function keyOf(webUrl: string, adminToken: string, client: string): Promise<string> {
  const known = keys.get(client);
  if (known) return known;
  const res = await fetch(`${webUrl}/api/v1/admin/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ client }),
  });
  if (res.status !== 201) throw new Error(`issuing a key for ${client} answered ${res.status}`);
  const { key } = (await res.json()) as { key: string };
  keys.set(client, key);
  return key;
}

async function burst(webUrl: string, prompt: string, key: string): Promise<BurstAnswer> {
  const startedAt = performance.now();
  const res = await fetch(`${webUrl}/api/v1/providers/burst`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ prompt, providers: PROVIDERS }),
  });
  const text = await res.text();
  const ms = performance.now() - startedAt;
  let body: BurstAnswer['body'] = {};
  try {
    body = JSON.parse(text) as BurstAnswer['body'];
  } catch {
    // not JSON: the status tells what went wrong
  }
  return { status: res.status, ms, body };
}

async function providerCalls(url: string, adminToken: string): Promise<Record<string, number>> {
  const res = await fetch(`${url}/admin/calls`, { headers: { authorization: `Bearer ${adminToken}` } });
  return ((await res.json()) as { calls: Record<string, number> }).calls;
}

export async function runServices(
  settings: ServicesSettings,
  shared: { redisUrl: string; otlpEndpoint: string },
  log: (line: string) => void,
): Promise<ServicesResult> {
  const ports = new Map<string, number>();
  for (const service of STACK_SERVICES) ports.set(service.name, await freePort());
  const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name) ?? 9}`;
  const children: ChildProcess[] = [];
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const secrets = newStackSecrets();
  try {
    for (const name of STARTED) {
      const service = STACK_SERVICES.find((s) => s.name === name);
      if (!service) throw new Error(`${name} is not in scripts/stack-definition.ts`);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ...serviceEnvironment(service, urlOf, shared.redisUrl, secrets),
        OTEL_EXPORTER_OTLP_ENDPOINT: shared.otlpEndpoint,
        PORT: String(ports.get(name)),
      };
      const child = spawnPlaced(bootstrapArgs(serviceEntry(name)), {
        core: SERVER_CORE,
        env,
        logName: `service-${name}`,
      });
      children.push(child);
      await waitForReady(child, urlOf(name), { what: name });
      log(`started ${name}`);
    }
    const web = urlOf('web');
    const key = (client: string) => keyOf(web, secrets.adminToken, client);

    // Warm-up: connections, JIT and the providers' first answers.
    for (let i = 0; i < 3; i += 1) {
      const prompt = `bench warm-up ${runId} ${i}`;
      await burst(web, prompt, await key(`bench-warm-${runId}`));
      await burst(web, prompt, await key(`bench-warm-${runId}`));
    }

    const uncached: number[] = [];
    const cached: number[] = [];
    let unexpected = 0;
    for (let r = 0; r < settings.rounds; r += 1) {
      // A client per round keeps every round inside the default rate limits and spending budget.
      const client = await key(`bench-${runId}-${r}`);
      const prompt = `bench burst ${runId} ${r}`;
      const first = await burst(web, prompt, client);
      if (first.status !== 200) throw new Error(`an uncached burst answered ${first.status}`);
      if (first.body.cached !== false) unexpected += 1;
      uncached.push(first.ms);
      for (let i = 0; i < settings.cachedPerRound; i += 1) {
        const again = await burst(web, prompt, client);
        if (again.status !== 200) throw new Error(`a cached burst answered ${again.status}`);
        if (again.body.cached !== true) unexpected += 1;
        cached.push(again.ms);
      }
    }
    log(`bursts: ${uncached.length} uncached, ${cached.length} cached`);

    const before = await providerCalls(urlOf('provider-sim'), secrets.adminToken);
    const prompt = `bench dedup ${runId}`;
    const dedupKey = await key(`bench-dedup-${runId}`);
    const answers = await Promise.all(
      Array.from({ length: settings.concurrent }, () => burst(web, prompt, dedupKey)),
    );
    const after = await providerCalls(urlOf('provider-sim'), secrets.adminToken);
    const calls = Object.fromEntries(PROVIDERS.map((p) => [p, (after[p] ?? 0) - (before[p] ?? 0)]));
    const statuses: Record<string, number> = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;

    const uncachedFigures = figures(uncached);
    const cachedFigures = figures(cached);
    return {
      services: STARTED,
      providers: PROVIDERS,
      uncached: uncachedFigures,
      cached: cachedFigures,
      cachedToUncachedP50: round(cachedFigures.p50Ms / uncachedFigures.p50Ms, 4),
      unexpected,
      dedup: {
        concurrent: settings.concurrent,
        statuses,
        distinctIds: new Set(answers.map((a) => a.body.id)).size,
        charged: answers.filter((a) => (a.body.totalCostUsd ?? 0) > 0).length,
        providerCalls: calls,
        exactlyOneFanOut: Object.values(calls).every((n) => n === 1),
      },
    };
  } finally {
    for (const child of children.reverse()) await stopProcess(child);
  }
}
