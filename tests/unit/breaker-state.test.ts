import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../instrumentation/errors.js';
import { BreakerOpenError } from '../../instrumentation/breaker/errors.js';
import { BreakerRegistry } from '../../instrumentation/breaker/registry.js';
import type { ServiceBreaker } from '../../instrumentation/breaker/breaker.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const ok = () => Promise.resolve('ok');
const boom = () => Promise.reject(new Error('boom'));

async function failTimes(breaker: ServiceBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await expect(breaker.call(boom)).rejects.toThrow('boom');
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('breaker state machine', () => {
  let registry: BreakerRegistry;
  const make = (resetTimeoutMs = 200) => {
    registry = new BreakerRegistry({
      defaults: { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs },
    });
    return registry.getOrCreate('upstream');
  };

  afterEach(() => registry?.shutdown());

  it('when failures stay under the minimum volume, then the breaker stays closed', async () => {
    const breaker = make();

    await failTimes(breaker, 4);

    expect(breaker.state).toBe('closed');
  });

  it('when failures pass the error threshold with the minimum volume reached, then the breaker opens', async () => {
    const breaker = make();

    await failTimes(breaker, 5);

    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().stats).toMatchObject({ calls: 5, failures: 5, successes: 0 });
  });

  it('when the error rate equals the threshold exactly, then the breaker stays closed', async () => {
    const breaker = make();
    for (let i = 0; i < 3; i++) await breaker.call(ok);

    await failTimes(breaker, 3);

    expect(breaker.state).toBe('closed');
  });

  it('when the breaker is open, then a call rejects with BreakerOpenError without running the function', async () => {
    const breaker = make(60_000);
    await failTimes(breaker, 5);
    const fn = vi.fn(ok);

    const error = await breaker.call(fn).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BreakerOpenError);
    expect(error).toMatchObject({ code: 'upstream_circuit_open', breaker: 'upstream', status: 503 });
    expect(fn).not.toHaveBeenCalled();
    expect(breaker.snapshot().stats.rejects).toBe(1);
  });

  it('when the reset timeout passes, then one probe goes through and its success closes the breaker', async () => {
    const breaker = make();
    await failTimes(breaker, 5);
    await waitFor(() => (breaker.state === 'half_open' ? true : undefined), {
      timeoutMs: 3_000,
      what: 'half-open',
    });
    const probe = deferred<string>();
    const second = vi.fn(ok);

    const probeCall = breaker.call(() => probe.promise);
    const secondError = await breaker.call(second).catch((e: unknown) => e);
    probe.resolve('fine');

    expect(secondError).toBeInstanceOf(BreakerOpenError);
    expect(second).not.toHaveBeenCalled();
    await expect(probeCall).resolves.toBe('fine');
    expect(breaker.state).toBe('closed');
    await expect(breaker.call(ok)).resolves.toBe('ok');
  });

  it('when the half-open probe fails, then the breaker opens again and later lets a new probe through', async () => {
    const breaker = make();
    await failTimes(breaker, 5);
    await waitFor(() => (breaker.state === 'half_open' ? true : undefined), {
      timeoutMs: 3_000,
      what: 'half-open',
    });

    await expect(breaker.call(boom)).rejects.toThrow('boom');

    expect(breaker.state).toBe('open');
    await expect(breaker.call(ok)).rejects.toBeInstanceOf(BreakerOpenError);
    await waitFor(() => (breaker.state === 'half_open' ? true : undefined), {
      timeoutMs: 3_000,
      what: 'half-open',
    });
    await expect(breaker.call(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('when calls fail with client (4xx) errors, then the caller gets them but the breaker does not count failures', async () => {
    const breaker = make();
    const notFound = () => Promise.reject(new AppError(404, 'not_found', 'no such thing'));
    const tooMany = () => Promise.reject(Object.assign(new Error('slow down'), { statusCode: 429 }));

    for (let i = 0; i < 5; i++) await expect(breaker.call(notFound)).rejects.toMatchObject({ status: 404 });
    for (let i = 0; i < 5; i++) await expect(breaker.call(tooMany)).rejects.toThrow('slow down');

    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().stats).toMatchObject({ calls: 10, successes: 10, failures: 0 });
  });

  it('when a call fails with a 5xx error, then the breaker counts it as a failure', async () => {
    const breaker = make();
    const unavailable = () => Promise.reject(new AppError(503, 'unavailable', 'down'));

    for (let i = 0; i < 5; i++)
      await expect(breaker.call(unavailable)).rejects.toMatchObject({ status: 503 });

    expect(breaker.state).toBe('open');
  });
});
