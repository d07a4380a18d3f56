import { afterEach, describe, expect, it, vi } from 'vitest';
import { BreakerTimeoutError } from '../../instrumentation/breaker/errors.js';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';

/** Settles only when its signal aborts, with the signal's reason: an upstream that never answers. */
function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
}

describe('breaker per-call timeout', () => {
  let registry: BreakerRegistry;
  const make = (timeoutMs: number) => {
    registry = new BreakerRegistry({ defaults: { timeoutMs, volumeThreshold: 5, resetTimeoutMs: 60_000 } });
    return registry.getOrCreate('slow');
  };

  afterEach(() => {
    registry?.shutdown();
    vi.useRealTimers();
  });

  it('when a call outlasts timeoutMs, then it rejects with BreakerTimeoutError and its signal is aborted', async () => {
    const breaker = make(50);
    let seen: AbortSignal | undefined;

    const error = await breaker
      .call((signal) => {
        seen = signal;
        return hangUntilAborted(signal);
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BreakerTimeoutError);
    expect(error).toMatchObject({ code: 'upstream_timeout', breaker: 'slow', timeoutMs: 50, status: 504 });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
    expect(breaker.snapshot().stats).toMatchObject({ timeouts: 1, failures: 1 });
  });

  it('when one call times out, then a call still in flight keeps a live signal and completes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const breaker = make(150);
    let resolveSecond!: (value: string) => void;
    let secondSignal: AbortSignal | undefined;

    const first = breaker.call(hangUntilAborted).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const second = breaker.call((signal) => {
      secondSignal = signal;
      return new Promise<string>((resolve) => (resolveSecond = resolve));
    });
    await vi.advanceTimersByTimeAsync(60);

    expect(await first).toBeInstanceOf(BreakerTimeoutError);
    expect(secondSignal?.aborted).toBe(false);
    resolveSecond('done');
    await expect(second).resolves.toBe('done');
  });

  it('when a call has timed out, then the next call gets a fresh signal', async () => {
    const breaker = make(30);
    await expect(breaker.call(hangUntilAborted)).rejects.toBeInstanceOf(BreakerTimeoutError);

    const aborted = await breaker.call((signal) => Promise.resolve(signal.aborted));

    expect(aborted).toBe(false);
  });

  it('when timeouts pass the threshold, then the breaker opens', async () => {
    const breaker = make(20);

    for (let i = 0; i < 5; i++)
      await expect(breaker.call(hangUntilAborted)).rejects.toBeInstanceOf(BreakerTimeoutError);

    expect(breaker.state).toBe('open');
  });

  it('when the caller aborts its own signal, then the call rejects with its reason and is not a failure', async () => {
    const breaker = make(5_000);
    const caller = new AbortController();
    const reason = new Error('client went away');

    const pending = breaker.call(hangUntilAborted, { signal: caller.signal });
    caller.abort(reason);

    await expect(pending).rejects.toBe(reason);
    expect(breaker.snapshot().stats).toMatchObject({ failures: 0, timeouts: 0 });
  });

  it('when the caller signal is already aborted, then the function is not run', async () => {
    const breaker = make(5_000);
    const fn = vi.fn(() => Promise.resolve('ran'));

    await expect(breaker.call(fn, { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');

    expect(fn).not.toHaveBeenCalled();
    expect(breaker.snapshot().stats.calls).toBe(0);
  });
});
