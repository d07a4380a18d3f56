import { describe, expect, it } from 'vitest';
import { MemoryTokenBucket } from '../../instrumentation/rate-limit/memory-token-bucket.js';

/** A bucket on a clock the test moves by hand. */
function bucketAt(capacity: number, refillPerSecond: number, options: { maxKeys?: number } = {}) {
  const clock = { ms: 1_000 };
  const bucket = new MemoryTokenBucket(capacity, refillPerSecond, { ...options, now: () => clock.ms });
  return { bucket, clock };
}

describe('in-memory token bucket (the fallback)', () => {
  it('when C requests arrive at once, then all pass and the next is refused with the wait for one token', () => {
    const { bucket } = bucketAt(5, 10);
    const taken = Array.from({ length: 5 }, () => bucket.take('a', 1));
    const refused = bucket.take('a', 1);

    expect(taken.map((d) => d.acquired)).toEqual([true, true, true, true, true]);
    expect(taken.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(refused).toEqual({ acquired: false, remaining: 0, retryAfterMs: 100, resetMs: 500 });
  });

  it('when time passes, then tokens come back at R per second, never above C', () => {
    const { bucket, clock } = bucketAt(5, 10);
    for (let i = 0; i < 5; i += 1) bucket.take('a', 1);

    clock.ms += 99;
    expect(bucket.take('a', 1).acquired).toBe(false);
    clock.ms += 1;
    expect(bucket.take('a', 1)).toMatchObject({ acquired: true, remaining: 0 });
    clock.ms += 60_000;
    expect(bucket.take('a', 1)).toMatchObject({ acquired: true, remaining: 4, resetMs: 100 });
  });

  it('when a request takes several tokens, then it needs them all and its wait counts them all', () => {
    const { bucket } = bucketAt(10, 2);
    expect(bucket.take('a', 8)).toMatchObject({ acquired: true, remaining: 2, resetMs: 4_000 });
    expect(bucket.take('a', 3)).toMatchObject({ acquired: false, remaining: 2, retryAfterMs: 500 });
    expect(bucket.take('a', 2)).toMatchObject({ acquired: true, remaining: 0 });
  });

  it('when clients differ, then each has its own bucket', () => {
    const { bucket } = bucketAt(1, 1);
    expect(bucket.take('a', 1).acquired).toBe(true);
    expect(bucket.take('a', 1).acquired).toBe(false);
    expect(bucket.take('b', 1).acquired).toBe(true);
  });

  it('when more clients than maxKeys arrive, then the oldest bucket is dropped, which only refills it', () => {
    const { bucket } = bucketAt(1, 1, { maxKeys: 2 });
    bucket.take('a', 1);
    bucket.take('b', 1);
    bucket.take('c', 1);
    expect(bucket.take('a', 1).acquired).toBe(true);
    expect(bucket.take('c', 1).acquired).toBe(false);
  });
});
