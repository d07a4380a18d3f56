import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer } from '../support/redis-server.js';
import { ROOT } from '../../scripts/tooling/root.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const FIXTURE = join(ROOT, 'dist/tests/fixtures/limiter-burst/main.js');

interface BurstCounts {
  allowed: number;
  rejected: number;
  fallbackDecisions: number;
  storeErrors: number;
  elapsedMs: number;
}

/** A fixture process and the lines it printed so far. */
function startReplica(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [FIXTURE], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const failIfExited = () => {
    if (child.exitCode !== null) throw new Error(`fixture exited ${child.exitCode}: ${stderr}`);
  };
  return {
    child,
    exited,
    ready: () =>
      waitFor(() => (failIfExited(), lines.includes('ready') || undefined), { what: 'replica ready' }),
    counts: () =>
      waitFor(
        () => {
          const json = lines.find((l) => l.startsWith('{'));
          if (json) return JSON.parse(json) as BurstCounts;
          failIfExited();
          return undefined;
        },
        { timeoutMs: 20_000, what: 'replica counts' },
      ),
  };
}

describe('one bucket shared by two processes', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    if (!existsSync(FIXTURE)) throw new Error(`${FIXTURE} is missing: run npm run build first`);
    redis = await RedisServer.start();
  });

  afterAll(async () => {
    await redis?.destroy();
  });

  it('when two replicas drain one client at once, then together they get C plus what refilled, not 2C', async () => {
    const capacity = 100;
    const refillPerSecond = 10;
    const env = {
      REDIS_URL: redis.url,
      CLIENT_KEY: 'key:shared-client',
      CAPACITY: String(capacity),
      REFILL_PER_SECOND: String(refillPerSecond),
      ATTEMPTS: '300',
      CONCURRENCY: '10',
    };
    const replicas = [startReplica(env), startReplica(env)];
    await Promise.all(replicas.map((r) => r.ready()));

    const started = performance.now();
    for (const replica of replicas) replica.child.stdin.write('go\n');
    const [one, two] = await Promise.all(replicas.map((r) => r.counts()));
    const elapsedSeconds = (performance.now() - started) / 1000;
    await Promise.all(replicas.map((r) => r.exited));

    const allowed = one!.allowed + two!.allowed;
    const refilled = Math.ceil(elapsedSeconds * refillPerSecond);
    expect(one!.fallbackDecisions + two!.fallbackDecisions).toBe(0);
    expect(one!.allowed + one!.rejected).toBe(300);
    expect(two!.allowed + two!.rejected).toBe(300);
    expect(allowed).toBeGreaterThanOrEqual(capacity);
    expect(allowed).toBeLessThanOrEqual(capacity + refilled);
    expect(allowed).toBeLessThan(2 * capacity);
  });
});
