import { describe, expect, it } from 'vitest';
import { BurstDeduplicator } from '../../../services/budget/domain/dedup.js';

/** A promise the test settles by hand, to hold work in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('burst deduplication: concurrent identical bursts share one fan-out', () => {
  it('when a second identical burst arrives while the first is in flight, then it joins and the work runs once', async () => {
    const dedup = new BurstDeduplicator<string>();
    const gate = deferred<string>();
    let runs = 0;
    const work = () => {
      runs += 1;
      return gate.promise;
    };

    const leader = dedup.run('k', work);
    const joiner = dedup.run('k', work);
    gate.resolve('answer');

    expect(await leader).toEqual({ value: 'answer', joined: false });
    expect(await joiner).toEqual({ value: 'answer', joined: true });
    expect(runs).toBe(1);
    expect([dedup.led, dedup.joined]).toEqual([1, 1]);
  });

  it('when bursts have different keys, then each leads its own work', async () => {
    const dedup = new BurstDeduplicator<string>();

    const [a, b] = await Promise.all([dedup.run('a', async () => 'A'), dedup.run('b', async () => 'B')]);

    expect([a, b]).toEqual([
      { value: 'A', joined: false },
      { value: 'B', joined: false },
    ]);
    expect([dedup.led, dedup.joined]).toEqual([2, 0]);
  });

  it('when the first burst has finished, then the next identical one leads new work', async () => {
    const dedup = new BurstDeduplicator<number>();
    let runs = 0;
    const work = async () => (runs += 1);

    const first = await dedup.run('k', work);
    const second = await dedup.run('k', work);

    expect(first).toEqual({ value: 1, joined: false });
    expect(second).toEqual({ value: 2, joined: false });
  });

  it('when the shared work fails, then leader and joiners all see the error, and the key is free again', async () => {
    const dedup = new BurstDeduplicator<string>();
    const gate = deferred<string>();

    const leader = dedup.run('k', () => gate.promise);
    const joiner = dedup.run('k', () => Promise.resolve('never run'));
    gate.reject(new Error('providers away'));

    await expect(leader).rejects.toThrow('providers away');
    await expect(joiner).rejects.toThrow('providers away');
    expect(await dedup.run('k', async () => 'recovered')).toEqual({ value: 'recovered', joined: false });
  });
});
