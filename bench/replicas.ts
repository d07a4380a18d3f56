/**
 * Throughput of one budget replica against three, each layout behind the same HAProxy: autocannon on
 * the load core drives `GET /api/v1/budget` (a Redis read per request) through the balancer; the
 * replicas are not pinned, so they share whatever cores the machine has. Prints a JSON line per
 * layout and writes bench/results/replicas.json. `npm run bench:replicas`.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  newStackSecrets,
  serviceEntry,
  serviceEnvironment,
  STACK_SERVICES,
} from '../scripts/stack-definition.js';
import { Balancer } from '../scripts/tooling/balancer.js';
import { freePort } from '../scripts/tooling/free-port.js';
import { spawnService, stopProcess, waitForReady } from '../scripts/tooling/node-process.js';
import { RedisProcess } from '../scripts/tooling/redis-process.js';
import { ROOT } from '../scripts/tooling/root.js';
import type { SaturateResult } from './load/saturate.js';
import { runJson } from './support/processes.js';

const LAYOUTS = [1, 3];
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_REPLICAS_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_REPLICAS_ROUNDS ?? 2);

const budget = STACK_SERVICES.find((s) => s.name === 'budget')!;

async function layout(
  replicas: number,
  redisUrl: string,
): Promise<{ stop: () => Promise<void>; url: string }> {
  const port = await freePort();
  const env = {
    ...process.env,
    ...serviceEnvironment(budget, () => 'http://127.0.0.1:9', redisUrl, newStackSecrets()),
    OTEL_SDK_DISABLED: 'true',
    LOG_LEVEL: 'warn',
  };
  const children: ChildProcess[] = [];
  const replicaPorts: number[] = [];
  for (let i = 0; i < replicas; i += 1) {
    const replicaPort = await freePort();
    const child = spawnService(serviceEntry('budget'), {
      env: { ...env, PORT: String(replicaPort) },
      output: { file: join(ROOT, `.tmp/bench/budget-replica-${replicas}-${i}.log`) },
    });
    children.push(child);
    replicaPorts.push(replicaPort);
    await waitForReady(child, `http://127.0.0.1:${replicaPort}`, { what: `budget replica ${i + 1}` });
  }
  const balancer = await Balancer.start([{ name: 'budget', port, replicaPorts }]);
  return {
    url: `http://127.0.0.1:${port}/api/v1/budget`,
    stop: async () => {
      await balancer.stop();
      await Promise.all(children.map((child) => stopProcess(child)));
    },
  };
}

const redis = await RedisProcess.start();
const results: Record<string, SaturateResult[]> = {};
try {
  // Interleaved rounds, so a slow moment of the machine does not land on one layout only.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const replicas of LAYOUTS) {
      const running = await layout(replicas, redis.url);
      try {
        const result = await runJson<SaturateResult>('dist/bench/load/saturate.js', {
          url: running.url,
          connections: CONNECTIONS,
          durationS: DURATION_S,
        });
        (results[`${replicas}`] ??= []).push(result);
        process.stdout.write(`${JSON.stringify({ replicas, round, ...result })}\n`);
      } finally {
        await running.stop();
      }
    }
  }
} finally {
  await redis.stop();
}
const best = Object.fromEntries(
  Object.entries(results).map(([replicas, runs]) => [replicas, Math.max(...runs.map((r) => r.rps))]),
);
writeFileSync(
  join(ROOT, 'bench/results/replicas.json'),
  `${JSON.stringify({ connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, bestRps: best, runs: results }, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify({ bestRps: best })}\n`);
