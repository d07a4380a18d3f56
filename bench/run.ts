/**
 * `npm run bench`: what tracing, rate limiting and caching cost against bare Express 5, measured on
 * this machine. It starts its own redis-server and OTLP sink, runs each configuration as its
 * own process, interleaves the rounds, then times bursts through the real services. It reports; it
 * never asserts. Needs redis-server on PATH (Debian: apt-get install redis-server); the load generator
 * is autocannon, a dev dependency. Writes bench/results/latest.json and bench/results/latest.md.
 *
 *   BENCH_QUICK=1           a one-minute smoke run (one short round, informational configurations left
 *                           out), written to bench/results/quick.*.tmp
 *   BENCH_ONLY=id,…         those configurations (see configurations.ts) and bare Express; `services`
 *                           for the real services; written to bench/results/only.*.tmp instead
 *   BENCH_NICE=n            the benchmark's processes' niceness (default -10; 0 for normal priority)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINE_ID, CONFIGURATIONS } from './configurations.js';
import { runMicro, type MicroSettings } from './micro.js';
import { evaluateGoals, toMarkdown, type BenchReport } from './report.js';
import { runServices, type ServicesSettings } from './services.js';
import { describeMachine } from './support/machine.js';
import { OtlpSink } from './support/otlp-sink.js';
import { ROOT } from '../scripts/tooling/root.js';
import { benchNice, canPin, placeSelf } from './support/processes.js';
import { BenchRedis } from './support/redis.js';
import { median } from './support/stats.js';

const quick = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());

const MICRO: MicroSettings = quick
  ? { rounds: 1, warmupS: 1, saturateS: 2, connections: 50, pacedRate: 1000, pacedS: 1, unloadedS: 1 }
  : { rounds: 5, warmupS: 3, saturateS: 4, connections: 50, pacedRate: 1000, pacedS: 2, unloadedS: 1.5 };
const SERVICES: ServicesSettings = quick
  ? { warmupS: 1, rounds: 5, cachedPerRound: 5, concurrent: 20 }
  : { warmupS: 3, rounds: 20, cachedPerRound: 5, concurrent: 20 };

/** BENCH_ONLY=trace-100,cache,… runs those configurations (and bare Express); `services` names the real services. */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

const startedAt = Date.now();
const log = (line: string) => {
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  process.stderr.write(`[bench ${String(seconds).padStart(3)} s] ${line}\n`);
};

placeSelf();
if (!canPin()) log('taskset or a second core is missing: processes are not pinned, figures are noisier');
if (benchNice() === undefined)
  log('running at normal priority: other processes on this machine will show in the figures');
const sink = await OtlpSink.start();
const redis = await BenchRedis.start();
try {
  const shared = { redisUrl: redis.url, otlpEndpoint: sink.endpoint };
  const configurations = CONFIGURATIONS.filter((c) =>
    only ? c.id === BASELINE_ID || only.includes(c.id) : !quick || !c.extra,
  );
  log(`${quick ? 'quick' : 'full'} run: ${configurations.length} configurations; load generator: autocannon`);
  const micro = await runMicro(configurations, MICRO, shared, log);
  const services = !only || only.includes('services') ? await runServices(SERVICES, shared, log) : undefined;
  const background = micro.flatMap((c) => c.rounds.map((r) => r.backgroundCores));
  const sampled = background.filter((v): v is number => v !== undefined);
  const report: BenchReport = {
    machine: describeMachine(await redis.version()),
    quick,
    backgroundCores: {
      median: sampled.length > 0 ? median(sampled) : undefined,
      max: sampled.length > 0 ? Math.max(...sampled) : undefined,
    },
    settings: { micro: MICRO, services: SERVICES },
    configurations: micro,
    services,
    goals: evaluateGoals(micro, services),
  };
  const markdown = toMarkdown(report);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  // A partial or quick run never replaces the latest full results.
  const base = only ? 'only' : quick ? 'quick' : 'latest';
  const suffix = only || quick ? '.tmp' : '';
  writeFileSync(join(dir, `${base}.json${suffix}`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `${base}.md${suffix}`), markdown);
  process.stdout.write(
    `\n${markdown}\nWritten: bench/results/${base}.json${suffix}, bench/results/${base}.md${suffix}\n`,
  );
  log(`done in ${Math.round((Date.now() - startedAt) / 1000)} s`);
} finally {
  await redis.stop();
  await sink.stop();
}
