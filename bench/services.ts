/**
 * The real services: web → budget → provider-sim at its default latency, started as production starts
 * them (under the bootstrap, at their own declared sampling), pinned to the server core. Bursts are
 * sent one at a time and timed end to end; then 20 identical bursts at once, and provider-sim's call
 * counts tell how many fan-outs they cost.
 */
import { burst as burstOf } from './support/burst.js';
import { startServices } from './support/stack-services.js';
import { quantile, round } from './support/stats.js';

export interface ServicesSettings {
  /**
   * Rounds of the measured mix sent, unmeasured, for this long first: as the micro-benchmarks warm
   * up before they measure, so that what is timed is the services' steady path, not V8 compiling it.
   */
  warmupS: number;
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
const burst = (webUrl: string, prompt: string, client: string) => burstOf(webUrl, prompt, client, PROVIDERS);

function figures(values: number[]): LatencyFigures {
  return {
    n: values.length,
    p50Ms: round(quantile(values, 0.5), 2),
    p99Ms: round(quantile(values, 0.99), 2),
    minMs: round(Math.min(...values), 2),
    maxMs: round(Math.max(...values), 2),
  };
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
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const running = await startServices(STARTED, shared, log);
  const urlOf = (name: string) => running.urlOf(name);
  try {
    const web = urlOf('web');
    const key = (client: string) => running.keyOf(client);
    const adminToken = running.secrets.adminToken;

    const uncached: number[] = [];
    const cached: number[] = [];
    let unexpected = 0;
    // A client per round keeps every round inside the default rate limits and spending budget.
    const sendRound = async (name: string) => {
      const client = await key(`bench-${runId}-${name}`);
      const prompt = `bench burst ${runId} ${name}`;
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
    };

    const warmUntil = performance.now() + settings.warmupS * 1000;
    let warmRounds = 0;
    while (warmRounds < 3 || performance.now() < warmUntil) await sendRound(`warm-${(warmRounds += 1)}`);
    log(`warm-up: ${warmRounds} rounds in ${settings.warmupS} s`);
    uncached.length = 0;
    cached.length = 0;
    unexpected = 0;
    for (let r = 0; r < settings.rounds; r += 1) await sendRound(String(r));
    log(`bursts: ${uncached.length} uncached, ${cached.length} cached`);

    const before = await providerCalls(urlOf('provider-sim'), adminToken);
    const prompt = `bench dedup ${runId}`;
    const dedupKey = await key(`bench-dedup-${runId}`);
    const answers = await Promise.all(
      Array.from({ length: settings.concurrent }, () => burst(web, prompt, dedupKey)),
    );
    const after = await providerCalls(urlOf('provider-sim'), adminToken);
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
    await running.stop();
  }
}
