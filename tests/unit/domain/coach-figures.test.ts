import { describe, expect, it } from 'vitest';
import { cacheFigures, providerFigures, type BurstActivity } from '../../../services/coach/domain/figures.js';

function burst(statuses: Record<string, string>, costUsd: number, extra: Partial<BurstActivity> = {}) {
  return {
    at: '2026-03-10T10:00:00.000Z',
    providers: Object.keys(statuses),
    costUsd,
    cached: false,
    deduplicated: false,
    statuses,
    ...extra,
  } satisfies BurstActivity;
}

describe('coach provider figures: bursts, failures and spend per provider', () => {
  it('when a provider is not ok in a burst, then that burst counts as its failure and costs it nothing', () => {
    const bursts = [
      burst({ alpha: 'ok', beta: 'error' }, 0.3, { costsUsd: { alpha: 0.3, beta: 0 } }),
      burst({ alpha: 'ok', beta: 'timeout' }, 0.3, { costsUsd: { alpha: 0.3, beta: 0 } }),
    ];

    const figures = providerFigures(bursts);

    expect(figures).toEqual([
      { provider: 'alpha', bursts: 2, failures: 0, estimatedSpendUsd: 0.6, spendShare: 1 },
      { provider: 'beta', bursts: 2, failures: 2, estimatedSpendUsd: 0, spendShare: 0 },
    ]);
  });

  it('when a burst carries per-provider costs, then each provider is charged its own cost', () => {
    const figures = providerFigures([
      burst({ alpha: 'ok', gamma: 'ok' }, 0.04, { costsUsd: { alpha: 0.03, gamma: 0.01 } }),
    ]);

    expect(figures.map((f) => [f.provider, f.estimatedSpendUsd, f.spendShare])).toEqual([
      ['alpha', 0.03, 0.75],
      ['gamma', 0.01, 0.25],
    ]);
  });

  it('when an older burst has no per-provider costs, then its cost is split evenly among the ok providers', () => {
    const figures = providerFigures([burst({ alpha: 'ok', beta: 'ok', gamma: 'error' }, 0.5)]);

    expect(figures.map((f) => [f.provider, f.estimatedSpendUsd])).toEqual([
      ['alpha', 0.25],
      ['beta', 0.25],
      ['gamma', 0],
    ]);
  });

  it('when providers spent different amounts, then the biggest spender comes first', () => {
    const figures = providerFigures([
      burst({ gamma: 'ok', alpha: 'ok', beta: 'ok' }, 0.6, {
        costsUsd: { gamma: 0.1, alpha: 0.3, beta: 0.2 },
      }),
    ]);

    expect(figures.map((f) => f.provider)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('when two providers spent the same, then they are ordered by name', () => {
    const figures = providerFigures([
      burst({ zeta: 'ok', beta: 'ok' }, 0.2, { costsUsd: { zeta: 0.1, beta: 0.1 } }),
    ]);

    expect(figures.map((f) => f.provider)).toEqual(['beta', 'zeta']);
  });

  it('when nothing was spent at all, then no provider has a spend share', () => {
    const figures = providerFigures([burst({ alpha: 'ok' }, 0, { cached: true })]);

    expect(figures).toEqual([
      { provider: 'alpha', bursts: 1, failures: 0, estimatedSpendUsd: 0, spendShare: null },
    ]);
  });

  it('when there are no bursts, then there are no figures', () => {
    expect(providerFigures([])).toEqual([]);
  });

  it('when a share is not a round number, then it keeps four decimals', () => {
    const figures = providerFigures([
      burst({ alpha: 'ok', beta: 'ok' }, 0.3, { costsUsd: { alpha: 0.2, beta: 0.1 } }),
    ]);

    expect(figures.map((f) => f.spendShare)).toEqual([0.6667, 0.3333]);
  });
});

describe('coach cache figures: how many recent bursts were cache hits', () => {
  it('when some bursts were cached, then the hit rate is hits over bursts', () => {
    const bursts = [
      burst({ alpha: 'ok' }, 0, { cached: true }),
      burst({ alpha: 'ok' }, 0.1),
      burst({ alpha: 'ok' }, 0.1),
    ];

    expect(cacheFigures(bursts)).toEqual({ hits: 1, bursts: 3, hitRate: 0.3333 });
  });

  it('when a burst was deduplicated rather than cached, then it is not a hit', () => {
    expect(cacheFigures([burst({ alpha: 'ok' }, 0, { deduplicated: true })]).hits).toBe(0);
  });

  it('when there are no bursts, then the hit rate is null, not 0', () => {
    expect(cacheFigures([])).toEqual({ hits: 0, bursts: 0, hitRate: null });
  });
});
