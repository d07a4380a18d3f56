import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, createRedis } from '../../instrumentation/redis/client.js';
import { DistributedFlight } from '../../services/budget/domain/distributed-flight.js';
import { RedisServer } from '../support/redis-server.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const OPTIONS = { leaseMs: 2_000, resultTtlMs: 5_000, pollMs: 10 };

/** Work that resolves when told to, counting how often it ran. */
function gatedWork(value: string) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const counter = { runs: 0 };
  const work = async () => {
    counter.runs += 1;
    await gate;
    return value;
  };
  return { work, release, counter };
}

describe('single-flight across replicas, against a real Redis', () => {
  let server: RedisServer;
  // Two clients stand for two replicas.
  let one: Redis;
  let two: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
    one = createRedis(server.url, 'flight-one');
    two = createRedis(server.url, 'flight-two');
    // No offline queue: a command before the connection is up would fail, as an outage would.
    await waitFor(() => (one.status === 'ready' && two.status === 'ready' ? true : undefined), {
      what: 'both clients to connect',
    });
  });
  afterAll(async () => {
    await closeRedis(one);
    await closeRedis(two);
    await server.destroy();
  });

  it('when two replicas run the same key at once, then the work runs once and the other joins its result', async () => {
    const gated = gatedWork('answer');
    const first = new DistributedFlight<string>(one, OPTIONS).run('k1', gated.work);
    // The second asks only once the first holds the lease, so the order is not left to chance.
    while ((await two.exists('burst:flight:k1')) === 0) await new Promise((r) => setTimeout(r, 5));
    const secondFlight = new DistributedFlight<string>(two, OPTIONS);
    const second = secondFlight.run('k1', gated.work);
    gated.release();
    expect(await first).toEqual({ value: 'answer', joined: false });
    expect(await second).toEqual({ value: 'answer', joined: true });
    expect(gated.counter.runs).toBe(1);
    expect(secondFlight.joined).toBe(1);
  });

  it('when the leader fails, then it publishes nothing and a waiting replica runs the work itself', async () => {
    let runs = 0;
    const failing = new DistributedFlight<string>(one, OPTIONS).run('k2', async () => {
      runs += 1;
      while ((await two.get('waiting:k2')) === null) await new Promise((r) => setTimeout(r, 5));
      throw new Error('provider exploded');
    });
    const waiting = (async () => {
      while ((await two.exists('burst:flight:k2')) === 0) await new Promise((r) => setTimeout(r, 5));
      const flight = new DistributedFlight<string>(two, OPTIONS).run('k2', async () => {
        runs += 1;
        return 'second try';
      });
      await two.set('waiting:k2', '1');
      return flight;
    })();
    await expect(failing).rejects.toThrow('provider exploded');
    expect(await await waiting).toEqual({ value: 'second try', joined: false });
    expect(runs).toBe(2);
  });

  it('when Redis is away, then each replica runs the work itself at once instead of waiting', async () => {
    await server.stop();
    try {
      const started = Date.now();
      const result = await new DistributedFlight<string>(one, OPTIONS).run('k3', async () => 'alone');
      expect(result).toEqual({ value: 'alone', joined: false });
      expect(Date.now() - started).toBeLessThan(OPTIONS.leaseMs);
    } finally {
      await server.start();
    }
  });
});
