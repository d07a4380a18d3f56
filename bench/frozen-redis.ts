/**
 * Cached bursts while Redis is frozen: provider-sim, budget and web against a private redis-server,
 * a burst warmed into the cache and sent by BENCH_FROZEN_WORKERS loops (default 1, one at a time as
 * `npm run bench` does) for BENCH_FROZEN_SECONDS with Redis healthy, then as long again with Redis
 * SIGSTOPped (connections open, nothing answered). The first frozen second is the Redis circuit's to
 * open (the first commands wait out REDIS_COMMAND_TIMEOUT_MS); p50 and p99 are of the bursts after it.
 * Each burst is from a new client, so no rate limit refuses one. Target: p99 ≤ 300 ms. Writes
 * bench/results/frozen-redis.json. `npm run bench:frozen-redis`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../scripts/tooling/root.js';
import { burst } from './support/burst.js';
import { describeMachine } from './support/machine.js';
import { OtlpSink } from './support/otlp-sink.js';
import { placeSelf } from './support/processes.js';
import { BenchRedis } from './support/redis.js';
import { startServices } from './support/stack-services.js';
import { quantile, round, Samples } from './support/stats.js';

const SECONDS = Number(process.env.BENCH_FROZEN_SECONDS ?? 10);
const WORKERS = Number(process.env.BENCH_FROZEN_WORKERS ?? 1);
/** Bursts this long after the freeze belong to the circuit opening, not to the steady state. */
const SETTLE_MS = 1_000;
const TARGET_P99_MS = 300;
const CACHE_TTL_MS = 3_600_000;
const UNREACHABLE_LIMIT = String(1_000_000_000);
const PROVIDERS = ['alpha', 'beta', 'gamma'];
const OBSERVABILITY = '/api/v1/system/observability';

const log = (line: string) => process.stderr.write(`[frozen-redis] ${line}\n`);

interface Phase {
  statuses: Record<string, number>;
  notCached: number;
  /** Latencies of bursts sent within `settleMs` of the start, and of those sent after. */
  opening: Samples;
  settled: Samples;
}

/** Sends the cached burst from WORKERS loops for SECONDS, all as the one bench client. */
async function drive(
  web: string,
  prompt: string,
  key: string,
  label: string,
  settleMs: number,
): Promise<Phase> {
  const phase: Phase = { statuses: {}, notCached: 0, opening: new Samples(), settled: new Samples() };
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (performance.now() - startedAt < SECONDS * 1000) {
        const sentAt = performance.now() - startedAt;
        const answer = await burst(web, prompt, key, PROVIDERS);
        phase.statuses[answer.status] = (phase.statuses[answer.status] ?? 0) + 1;
        if (answer.body.cached !== true) phase.notCached += 1;
        (sentAt < settleMs ? phase.opening : phase.settled).add(answer.ms);
        if (answer.ms > TARGET_P99_MS)
          log(`${label}: ${Math.round(answer.ms)} ms at ${Math.round(sentAt)} ms`);
      }
    }),
  );
  return phase;
}

function latency(samples: Samples) {
  const values = samples.toArray();
  return {
    n: values.length,
    p50Ms: round(quantile(values, 0.5), 2),
    p99Ms: round(quantile(values, 0.99), 2),
    maxMs: round(Math.max(...values), 1),
  };
}

async function circuitState(url: string): Promise<string | undefined> {
  const body = (await (await fetch(`${url}${OBSERVABILITY}`)).json()) as { redis?: { state?: string } };
  return body.redis?.state;
}

placeSelf();
const sink = await OtlpSink.start();
const redis = await BenchRedis.start();
const machine = describeMachine(await redis.version());
const services = await startServices(
  ['provider-sim', 'budget', 'web'],
  // The warmed burst must stay cached through both phases: measured here is a cached burst only.
  // REDIS_BREAKER_FAILURES passes through, so a run with a huge value shows the timeouts alone.
  {
    redisUrl: redis.url,
    otlpEndpoint: sink.endpoint,
    env: {
      BURST_CACHE_TTL_MS: String(CACHE_TTL_MS),
      // One client sends every burst (its key issued before the freeze, as a gateway would know it):
      // limits it cannot reach, so what is measured is the path, never a 429.
      API_RATE_CAPACITY: UNREACHABLE_LIMIT,
      BURST_RATE_CAPACITY: UNREACHABLE_LIMIT,
      ...(process.env.REDIS_BREAKER_FAILURES
        ? { REDIS_BREAKER_FAILURES: process.env.REDIS_BREAKER_FAILURES }
        : {}),
    },
  },
  log,
).catch(async (error: unknown) => {
  await Promise.all([redis.stop(), sink.stop()]);
  throw error;
});
const web = services.urlOf('web');
const prompt = `bench frozen redis ${Date.now()}`;
try {
  const key = await services.keyOf('bench-frozen');
  for (let i = 0; i < 20; i += 1) {
    const warm = await burst(web, prompt, key, PROVIDERS);
    if (warm.status !== 200) throw new Error(`a warm-up burst answered ${warm.status}`);
  }

  const healthy = await drive(web, prompt, key, 'healthy', 0);
  redis.freeze();
  log(`redis-server frozen; ${WORKERS} worker(s) send the cached burst for ${SECONDS} s`);
  const frozen = await drive(web, prompt, key, 'frozen', SETTLE_MS);
  const circuits = {
    web: await circuitState(web),
    budget: await circuitState(services.urlOf('budget')),
  };
  redis.thaw();

  const result = {
    machine,
    sharedMachineNote: 'other agents share these 2 cores: rerun on a quiet machine for a clean figure',
    seconds: SECONDS,
    workers: WORKERS,
    healthy: { statuses: healthy.statuses, notCached: healthy.notCached, ...latency(healthy.settled) },
    frozen: {
      statuses: frozen.statuses,
      notCached: frozen.notCached,
      circuits,
      firstSecond: latency(frozen.opening),
      afterFirstSecond: latency(frozen.settled),
    },
    targetP99Ms: TARGET_P99_MS,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  // A run with the circuit held closed is a comparison, not the figure of record.
  const file = process.env.REDIS_BREAKER_FAILURES ? 'frozen-redis-no-circuit.json.tmp' : 'frozen-redis.json';
  writeFileSync(join(ROOT, `bench/results/${file}`), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  redis.thaw();
  await services.stop();
  await Promise.all([redis.stop(), sink.stop()]);
}
