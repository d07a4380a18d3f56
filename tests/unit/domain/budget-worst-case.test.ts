import { describe, expect, it } from 'vitest';
import { budgetTooSmall } from '../../../services/budget/domain/burst-rules.js';
import { worstCaseMicros } from '../../../services/budget/domain/worst-case.js';

const prices = new Map([
  ['alpha', 0.03],
  ['gamma', 0.0005],
]);

describe('budget: the most a burst can cost', () => {
  it('when a burst names providers, then each is charged for every prompt character plus maxTokens at its price', () => {
    // (1,000 characters + 1,000 tokens) / 1,000 × 0.03 USD = 0.06 USD; gamma adds 0.001 USD.
    const request = { prompt: 'x'.repeat(1000), providers: ['alpha', 'gamma'], maxTokens: 1000 };
    expect(worstCaseMicros(request, prices)).toBe(61_000);
  });

  it('when the bound falls between two micro-dollars, then it rounds up, never down', () => {
    // (1 + 1) / 1,000 × 0.0005 USD = 0.000001 USD exactly; one more character tips it over.
    expect(worstCaseMicros({ prompt: 'x', providers: ['gamma'], maxTokens: 1 }, prices)).toBe(1);
    expect(worstCaseMicros({ prompt: 'xx', providers: ['gamma'], maxTokens: 1 }, prices)).toBe(2);
  });

  it('when a provider has no known price, then the burst cannot be bounded: 503 pricing_unavailable', () => {
    expect(() => worstCaseMicros({ prompt: 'x', providers: ['beta'], maxTokens: 1 }, prices)).toThrow(
      expect.objectContaining({ status: 503, code: 'pricing_unavailable' }),
    );
  });

  it('when the worst case does not fit, then the answer is 402 budget_exhausted naming both figures', () => {
    const status = { limitUsd: 1, spentUsd: 0.99, remainingUsd: 0.01, resetsAt: '2026-12-01T00:00:00.000Z' };
    expect(budgetTooSmall(status, 0.02)).toMatchObject({
      status: 402,
      code: 'budget_exhausted',
      details: { remainingUsd: 0.01, worstCaseUsd: 0.02 },
    });
  });
});
