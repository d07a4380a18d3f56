import { describe, expect, it } from 'vitest';
import { advise } from '../../../services/coach/domain/advice.js';
import type { BudgetStatus, BurstActivity } from '../../../services/coach/domain/figures.js';

const HOUR_MS = 3_600_000;
const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const RESETS_AT = '2026-03-11T00:00:00.000Z';

function budget(spentUsd: number, limitUsd = 10): BudgetStatus {
  return { limitUsd, spentUsd, remainingUsd: Math.max(0, limitUsd - spentUsd), resetsAt: RESETS_AT };
}

function burst(statuses: Record<string, string>, options: Partial<BurstActivity> = {}): BurstActivity {
  return {
    at: new Date(NOW - HOUR_MS).toISOString(),
    providers: Object.keys(statuses),
    costUsd: 0,
    costsUsd: Object.fromEntries(Object.keys(statuses).map((p) => [p, 0])),
    cached: false,
    deduplicated: false,
    statuses,
    ...options,
  };
}

/** `hits` cached bursts among `total`, all to one provider that always answers. */
function withHits(hits: number, total: number): BurstActivity[] {
  return Array.from({ length: total }, (_, i) => burst({ alpha: 'ok' }, { cached: i < hits }));
}

/** `failures` failed bursts of `provider` among `total`. */
function withFailures(provider: string, failures: number, total: number): BurstActivity[] {
  return Array.from({ length: total }, (_, i) => burst({ [provider]: i < failures ? 'error' : 'ok' }));
}

const has = (advice: string[], text: string) => advice.some((line) => line.includes(text));

describe('coach advice: the budget line always comes first', () => {
  it('when nothing is left of the budget, then it says the budget is spent and when it resets', () => {
    const { advice } = advise(budget(10), [], NOW);

    expect(advice[0]).toBe(`Your budget of $10.00 is spent: bursts are refused until ${RESETS_AT}.`);
  });

  it('when a millionth of a dollar is left, then the budget is not called spent', () => {
    const { advice } = advise(budget(9.999999), [], NOW);

    expect(advice[0]).not.toContain('is spent');
  });

  it('when today’s rate would exhaust the budget before the reset, then it says when and advises fewer bursts', () => {
    // 12 h since midnight and 8 $ spent: 0.6667 $/h; 2 $ last 3 h, the reset is 12 h away.
    const { advice, pace } = advise(budget(8), [], NOW);

    expect(pace.exhaustedBeforeReset).toBe(true);
    expect(advice[0]).toContain('lasts about 3.0 h, but the budget resets only in 12.0 h');
    expect(advice[0]).toContain('send fewer bursts or fewer providers per burst');
  });

  it('when the exhaustion time is under an hour, then it is said in minutes', () => {
    // 9.5 $ over 12 h: 0.791667 $/h; 0.5 $ last 0.6316 h = 38 min.
    const { advice } = advise(budget(9.5), [], NOW);

    expect(advice[0]).toContain('lasts about 38 min');
  });

  it('when the budget lasts past the reset, then it projects the day’s spend and says it is within budget', () => {
    // 1.2 $ over 12 h: 0.1 $/h, 12 h more: 2.40 $ by the reset.
    const { advice } = advise(budget(1.2), [], NOW);

    expect(advice[0]).toBe(
      "At today's rate ($0.100000 per hour) you will have spent about $2.40 of $10.00 when the budget resets: " +
        'you are within budget.',
    );
  });

  it('when nothing is spent today, then it says the whole budget is available', () => {
    const { advice } = advise(budget(0), [], NOW);

    expect(advice[0]).toBe('Nothing spent today: your whole budget is available.');
  });
});

describe('coach advice: recent bursts', () => {
  it('when there are no recent bursts, then it asks for some', () => {
    const { advice, recentBursts } = advise(budget(0), [], NOW);

    expect(recentBursts).toBe(0);
    expect(advice).toEqual([
      'Nothing spent today: your whole budget is available.',
      'No recent bursts: send some and ask again for advice on them.',
    ]);
  });

  it('when there are fewer than 4 bursts, then no cache advice is drawn even at a 0% hit rate', () => {
    const { advice } = advise(budget(0), withHits(0, 3), NOW);

    expect(advice).toHaveLength(1);
  });

  it('when 4 bursts have a 0% hit rate, then it advises reusing prompts', () => {
    const { advice } = advise(budget(0), withHits(0, 4), NOW);

    expect(advice[1]).toContain('Only 0% of your recent bursts were cache hits');
  });

  it('when the hit rate is just under 20%, then it advises reusing prompts', () => {
    // 1 of 6 = 16.7 %.
    const { advice } = advise(budget(0), withHits(1, 6), NOW);

    expect(has(advice, 'Only 17% of your recent bursts were cache hits')).toBe(true);
  });

  it('when the hit rate is exactly 20%, then there is no cache advice', () => {
    const { advice } = advise(budget(0), withHits(1, 5), NOW);

    expect(has(advice, 'cache hits')).toBe(false);
  });

  it('when the hit rate is just under 50%, then there is no cache advice', () => {
    // 3 of 7 = 42.9 %.
    const { advice } = advise(budget(0), withHits(3, 7), NOW);

    expect(has(advice, 'cache hits')).toBe(false);
  });

  it('when the hit rate is exactly 50%, then it says repeats are already free', () => {
    const { advice } = advise(budget(0), withHits(2, 4), NOW);

    expect(advice[1]).toBe('50% of your recent bursts were cache hits: repeats are already free.');
  });
});

describe('coach advice: one provider taking most of the spend', () => {
  function spread(alphaUsd: number, betaUsd: number): BurstActivity[] {
    return [
      burst(
        { alpha: 'ok', beta: 'ok' },
        { costUsd: alphaUsd + betaUsd, costsUsd: { alpha: alphaUsd, beta: betaUsd } },
      ),
    ];
  }

  it('when the top provider has exactly 60% of the spend, then it advises leaving it out', () => {
    const { advice } = advise(budget(0.5), spread(0.3, 0.2), NOW);

    expect(has(advice, 'alpha accounts for about 60% of your spend')).toBe(true);
  });

  it('when the top provider has just under 60% of the spend, then there is no such advice', () => {
    const { advice } = advise(budget(1), spread(0.5999, 0.4001), NOW);

    expect(has(advice, 'accounts for')).toBe(false);
  });

  it('when only one provider is used, then its 100% share draws no advice', () => {
    const { advice } = advise(
      budget(0.3),
      [burst({ alpha: 'ok' }, { costUsd: 0.3, costsUsd: { alpha: 0.3 } })],
      NOW,
    );

    expect(has(advice, 'accounts for')).toBe(false);
  });
});

describe('coach advice: a failing provider', () => {
  it('when a provider failed in 1 of 4 bursts (25%), then it advises leaving it out', () => {
    const { advice } = advise(budget(0), withFailures('beta', 1, 4), NOW);

    expect(has(advice, 'beta failed in 25% of your recent bursts')).toBe(true);
  });

  it('when a provider failed in 1 of 5 bursts (20%), then there is no failure advice', () => {
    const { advice } = advise(budget(0), withFailures('beta', 1, 5), NOW);

    expect(has(advice, 'failed in')).toBe(false);
  });

  it('when a provider failed in every one of only 3 bursts, then the sample is too small for advice', () => {
    const { advice } = advise(budget(0), withFailures('beta', 3, 3), NOW);

    expect(has(advice, 'failed in')).toBe(false);
  });

  it('when two providers fail often, then each gets its own line, biggest spender first', () => {
    const bursts = Array.from({ length: 4 }, (_, i) =>
      burst(
        { alpha: i === 0 ? 'ok' : 'error', beta: i < 2 ? 'ok' : 'error' },
        { costUsd: 0, costsUsd: { alpha: i === 0 ? 0.2 : 0, beta: i < 2 ? 0.05 : 0 } },
      ),
    );

    const { advice } = advise(budget(0), bursts, NOW);
    const failures = advice.filter((line) => line.includes('failed in'));

    expect(failures.map((line) => line.split(' ')[0])).toEqual(['alpha', 'beta']);
    expect(failures[0]).toContain('75%');
    expect(failures[1]).toContain('50%');
  });
});

describe('coach advice: the figures it answers with', () => {
  it('when advising, then generatedAt is now and the budget is echoed as given', () => {
    const status = budget(1.2);

    const result = advise(status, withHits(1, 4), NOW);

    expect(result.generatedAt).toBe(new Date(NOW).toISOString());
    expect(result.budget).toBe(status);
    expect(result.recentBursts).toBe(4);
    expect(result.cache).toEqual({ hits: 1, bursts: 4, hitRate: 0.25 });
  });
});
