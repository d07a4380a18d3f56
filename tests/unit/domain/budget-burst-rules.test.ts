import { describe, expect, it } from 'vitest';
import { AppError } from '../../../instrumentation/index.js';
import {
  activityOf,
  assertBudgetLeft,
  chargeFor,
  isCacheable,
} from '../../../services/budget/domain/burst-rules.js';
import type { ProviderResult } from '../../../services/budget/domain/fan-out.js';

const RESETS_AT = '2026-03-11T00:00:00.000Z';
const ok = (provider: string, costUsd: number): ProviderResult => ({
  provider,
  status: 'ok',
  latencyMs: 40,
  costUsd,
  output: 'out',
  model: `${provider}-model`,
});
const failed = (provider: string, status: ProviderResult['status']): ProviderResult => ({
  provider,
  status,
  latencyMs: 3_000,
  costUsd: 0,
  error: status,
});

describe('burst budget check: before any provider is called', () => {
  it('when a micro-dollar remains, then the burst may go ahead', () => {
    expect(() =>
      assertBudgetLeft({ limitUsd: 10, spentUsd: 9.999999, remainingUsd: 0.000001, resetsAt: RESETS_AT }),
    ).not.toThrow();
  });

  it('when nothing remains, then it is a 402 budget_exhausted with the limit, the spend and the reset', () => {
    let thrown: unknown;
    try {
      assertBudgetLeft({ limitUsd: 10, spentUsd: 10.2, remainingUsd: 0, resetsAt: RESETS_AT });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect([error.status, error.code]).toEqual([402, 'budget_exhausted']);
    expect(error.details).toEqual({ limitUsd: 10, spentUsd: 10.2, resetsAt: RESETS_AT });
  });

  it('when the limit is 0, then every burst is refused', () => {
    expect(() =>
      assertBudgetLeft({ limitUsd: 0, spentUsd: 0, remainingUsd: 0, resetsAt: RESETS_AT }),
    ).toThrow(AppError);
  });
});

describe('burst charge: who pays for an answer', () => {
  it('when the client led a fresh fan-out, then it pays the burst’s total cost', () => {
    expect(chargeFor(0.0425, { joined: false, fresh: true })).toBe(0.0425);
  });

  it('when the client joined another client’s identical burst, then it pays nothing', () => {
    expect(chargeFor(0.0425, { joined: true, fresh: true })).toBe(0);
  });

  it('when the answer came from the cache (found late by the leader), then it pays nothing', () => {
    expect(chargeFor(0.0425, { joined: false, fresh: false })).toBe(0);
    expect(chargeFor(0.0425, { joined: true, fresh: false })).toBe(0);
  });
});

describe('burst caching: only complete answers', () => {
  it('when every provider answered ok, then the answer is cached', () => {
    expect(isCacheable([ok('alpha', 0.01), ok('beta', 0.001)])).toBe(true);
  });

  it('when any provider failed, timed out or had its circuit open, then the answer is not cached', () => {
    for (const status of ['error', 'timeout', 'circuit_open'] as const) {
      expect(isCacheable([ok('alpha', 0.01), failed('beta', status)])).toBe(false);
    }
  });
});

describe('burst activity: what coach and segmentation see of a burst', () => {
  const request = { prompt: 'secret prompt', providers: ['alpha', 'beta'], maxTokens: 256 };
  const results = [ok('alpha', 0.03), failed('beta', 'timeout')];
  const at = new Date('2026-03-10T12:00:00.000Z');

  it('when the client paid for the burst, then each provider’s own cost and status are kept', () => {
    const activity = activityOf(request, results, { cached: false, deduplicated: false, cost: 0.03 }, at);

    expect(activity).toEqual({
      at: '2026-03-10T12:00:00.000Z',
      providers: ['alpha', 'beta'],
      costUsd: 0.03,
      costsUsd: { alpha: 0.03, beta: 0 },
      cached: false,
      deduplicated: false,
      statuses: { alpha: 'ok', beta: 'timeout' },
    });
  });

  it('when the answer was cached or shared, then every provider cost the client 0', () => {
    const cached = activityOf(request, results, { cached: true, deduplicated: false, cost: 0 }, at);
    const shared = activityOf(request, results, { cached: false, deduplicated: true, cost: 0 }, at);

    expect(cached.costsUsd).toEqual({ alpha: 0, beta: 0 });
    expect([cached.cached, cached.deduplicated]).toEqual([true, false]);
    expect(shared.costsUsd).toEqual({ alpha: 0, beta: 0 });
    expect([shared.cached, shared.deduplicated]).toEqual([false, true]);
  });

  it('when a burst is recorded, then neither the prompt nor any output is in it', () => {
    const text = JSON.stringify(
      activityOf(request, results, { cached: false, deduplicated: false, cost: 0.03 }, at),
    );

    expect(text).not.toContain('secret prompt');
    expect(text).not.toContain('"output"');
  });
});
