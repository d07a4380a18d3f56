import { afterEach, describe, expect, it, vi } from 'vitest';
import { BreakerOpenError } from '../../instrumentation/breaker/errors.js';
import { DEFAULT_BREAKER_OPTIONS } from '../../instrumentation/breaker/options.js';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';

const boom = () => Promise.reject(new Error('boom'));

describe('breaker registry', () => {
  let registry: BreakerRegistry;

  afterEach(() => {
    registry?.shutdown();
    vi.useRealTimers();
  });

  it('when a name is created twice, then the same breaker is returned and found by name', () => {
    registry = new BreakerRegistry();

    const first = registry.getOrCreate('budget');
    const second = registry.getOrCreate('budget', { timeoutMs: 10 });

    expect(second).toBe(first);
    expect(registry.get('budget')).toBe(first);
    expect(registry.get('unknown')).toBeUndefined();
    expect(first.options.timeoutMs).toBe(DEFAULT_BREAKER_OPTIONS.timeoutMs);
  });

  it('when breakers have been used, then the snapshot lists each with its state, stats and options', async () => {
    registry = new BreakerRegistry({ defaults: { timeoutMs: 1_000 } });
    const budget = registry.getOrCreate('budget', { volumeThreshold: 2, resetTimeoutMs: 60_000 });
    registry.getOrCreate('reports');
    await budget.call(() => Promise.resolve(1));
    await expect(budget.call(boom)).rejects.toThrow('boom');
    await expect(budget.call(boom)).rejects.toThrow('boom');
    await expect(budget.call(boom)).rejects.toBeInstanceOf(BreakerOpenError);

    const snapshot = registry.snapshot();

    expect(snapshot).toEqual({
      budget: {
        state: 'open',
        stats: {
          calls: 4,
          successes: 1,
          failures: 2,
          rejects: 1,
          timeouts: 0,
          latencyMeanMs: expect.any(Number),
        },
        options: {
          timeoutMs: 1_000,
          errorThresholdPercentage: 50,
          volumeThreshold: 2,
          resetTimeoutMs: 60_000,
        },
      },
      reports: {
        state: 'closed',
        stats: { calls: 0, successes: 0, failures: 0, rejects: 0, timeouts: 0, latencyMeanMs: 0 },
        options: {
          timeoutMs: 1_000,
          errorThresholdPercentage: 50,
          volumeThreshold: 5,
          resetTimeoutMs: 5_000,
        },
      },
    });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('when an option is out of range, then create throws naming the breaker and the option', () => {
    registry = new BreakerRegistry();

    expect(() => registry.getOrCreate('bad', { errorThresholdPercentage: 0 })).toThrow(
      /breaker 'bad': errorThresholdPercentage/,
    );
    expect(() => registry.getOrCreate('worse', { timeoutMs: 1.5 })).toThrow(/breaker 'worse': timeoutMs/);
    expect(() => new BreakerRegistry({ defaults: { resetTimeoutMs: -1 } })).toThrow(/resetTimeoutMs/);
    expect(registry.get('bad')).toBeUndefined();
  });

  it('when the registry shuts down, then opossum timers stop and later calls are refused without running', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    registry = new BreakerRegistry({ defaults: { volumeThreshold: 1 } });
    const opened = registry.getOrCreate('opened');
    registry.getOrCreate('idle');
    await expect(opened.call(boom)).rejects.toThrow('boom');
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    const fn = vi.fn(() => Promise.resolve('ran'));

    registry.shutdown();

    expect(vi.getTimerCount()).toBe(0);
    await expect(registry.get('idle')?.call(fn)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(fn).not.toHaveBeenCalled();
  });
});
