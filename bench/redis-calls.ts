/**
 * The Redis calls one burst makes, cached and uncached: provider-sim, budget and web against a private
 * redis-server watched by MONITOR. Each burst's commands are split into those before its response
 * (the request path) and those after (off the path, e.g. activity figures), then counted by owner
 * (rate-limit, ledger, cache, flight, activity, told by key prefix) and by connection. A MULTI block
 * is one round trip. Target: a cached burst waits on at most 3 round trips. Writes
 * bench/results/redis-calls.json. `npm run bench:redis-calls`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../scripts/tooling/root.js';
import { waitFor } from '../scripts/tooling/wait-for.js';
import { burst } from './support/burst.js';
import { OtlpSink } from './support/otlp-sink.js';
import { placeSelf } from './support/processes.js';
import { BenchRedis } from './support/redis.js';
import { countCalls, RedisMonitor, type CallCounts } from './support/redis-monitor.js';
import { startServices } from './support/stack-services.js';

const ROUNDS = Number(process.env.BENCH_REDIS_CALLS_ROUNDS ?? 3);
/** No command for this long after a response: its off-path work is done. */
const QUIET_MS = 300;
const PROVIDERS = ['alpha', 'beta', 'gamma'];

const log = (line: string) => process.stderr.write(`[redis-calls] ${line}\n`);

interface Measured {
  requestPath: CallCounts;
  /**
   * Round trips the response waits for: the request path's, less the activity record, which the burst
   * starts without awaiting it (so it lands before the response is read, yet never delays it).
   */
  awaitedRoundTrips: number;
  afterResponse: CallCounts;
}

async function measure(monitor: RedisMonitor, send: () => Promise<void>): Promise<Measured> {
  const startedAt = performance.now();
  await send();
  const answeredAt = performance.now();
  await waitFor(
    () => {
      const last = monitor.commands.at(-1)?.at ?? 0;
      return performance.now() - Math.max(last, answeredAt) >= QUIET_MS ? true : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 50, what: 'Redis to go quiet after the burst' },
  );
  const commands = monitor.since(startedAt);
  const requestPath = countCalls(commands.filter((c) => c.at <= answeredAt));
  return {
    requestPath,
    awaitedRoundTrips: requestPath.roundTrips - (requestPath.byOwner.activity ?? 0),
    afterResponse: countCalls(commands.filter((c) => c.at > answeredAt)),
  };
}

placeSelf();
const sink = await OtlpSink.start();
const redis = await BenchRedis.start();
const services = await startServices(
  ['provider-sim', 'budget', 'web'],
  { redisUrl: redis.url, otlpEndpoint: sink.endpoint },
  log,
).catch(async (error: unknown) => {
  await Promise.all([redis.stop(), sink.stop()]);
  throw error;
});
const monitor = await RedisMonitor.start(redis.url);
try {
  const web = services.urlOf('web');
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  // One client for every round, its key issued and known to the gateway's key cache before anything is
  // counted: the first request of a client costs one more round trip (the key's look-up), later ones not.
  const key = await services.keyOf('redis-calls');
  // Warm-up: every client connects (and defines its scripts) before anything is counted.
  await burst(web, `redis-calls warm-up ${runId}`, key, PROVIDERS);
  await monitor.learnNames();
  const rounds: Array<{ uncached: Measured; cached: Measured }> = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    const prompt = `redis-calls ${runId} ${r}`;
    const once = async () => {
      const answer = await burst(web, prompt, key, PROVIDERS);
      if (answer.status !== 200) throw new Error(`a burst answered ${answer.status}`);
    };
    const uncached = await measure(monitor, once);
    const cached = await measure(monitor, once);
    rounds.push({ uncached, cached });
    log(
      `round ${r + 1}: round trips awaited by an uncached burst ${uncached.awaitedRoundTrips}, ` +
        `by a cached one ${cached.awaitedRoundTrips}`,
    );
  }
  const result = { rounds: ROUNDS, last: rounds.at(-1), everyRound: rounds, targetCachedRoundTrips: 3 };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/redis-calls.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result.last)}\n`);
} finally {
  monitor.stop();
  await services.stop();
  await Promise.all([redis.stop(), sink.stop()]);
}
