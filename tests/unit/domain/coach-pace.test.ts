import { describe, expect, it } from 'vitest';
import { pace, type BudgetStatus } from '../../../services/coach/domain/figures.js';

const HOUR_MS = 3_600_000;
const MIDNIGHT = Date.parse('2026-03-10T00:00:00.000Z');
const NEXT_MIDNIGHT = '2026-03-11T00:00:00.000Z';

function budget(spentUsd: number, remainingUsd: number, resetsAt = NEXT_MIDNIGHT): BudgetStatus {
  return { limitUsd: spentUsd + remainingUsd, spentUsd, remainingUsd, resetsAt };
}

describe('coach pace: spend per hour since UTC midnight, against the daily reset', () => {
  it('when 16 h of the day have passed, then the rate is spend / 16 and the reset is 8 h away', () => {
    const now = MIDNIGHT + 16 * HOUR_MS;

    const p = pace(budget(4, 6), now);

    expect(p.spendPerHourUsd).toBe(0.25);
    expect(p.hoursUntilReset).toBe(8);
    expect(p.hoursUntilExhausted).toBe(24);
    // Spent so far plus the same rate until the reset: 4 + 0.25 × 8.
    expect(p.projectedSpendUsd).toBe(6);
    expect(p.exhaustedBeforeReset).toBe(false);
  });

  it('when the remaining budget lasts exactly until the reset, then it is not exhausted before it', () => {
    // 0.25 $/h; 2 $ left lasts 8 h; the reset is 8 h away.
    const p = pace(budget(4, 2), MIDNIGHT + 16 * HOUR_MS);

    expect(p.hoursUntilExhausted).toBe(8);
    expect(p.exhaustedBeforeReset).toBe(false);
  });

  it('when the remaining budget runs out just before the reset, then it is exhausted before it', () => {
    const p = pace(budget(4, 1.999), MIDNIGHT + 16 * HOUR_MS);

    expect(p.hoursUntilExhausted).toBe(8);
    expect(p.exhaustedBeforeReset).toBe(true);
  });

  it('when the remaining budget runs out just after the reset, then it is not exhausted before it', () => {
    const p = pace(budget(4, 2.001), MIDNIGHT + 16 * HOUR_MS);

    expect(p.exhaustedBeforeReset).toBe(false);
  });

  it('when less than a minute of the day has passed, then the rate is taken over one minute', () => {
    const atMidnight = pace(budget(0.01, 9.99), MIDNIGHT);
    const after30s = pace(budget(0.01, 9.99), MIDNIGHT + 30_000);
    const after2min = pace(budget(0.01, 9.99), MIDNIGHT + 120_000);

    // 0.01 $ over 1/60 h is 0.6 $/h; over 2 minutes it is 0.3 $/h.
    expect(atMidnight.spendPerHourUsd).toBe(0.6);
    expect(after30s.spendPerHourUsd).toBe(0.6);
    expect(after2min.spendPerHourUsd).toBe(0.3);
  });

  it('when nothing is spent, then there is no exhaustion time and the projection is what was spent', () => {
    const p = pace(budget(0, 10), MIDNIGHT + 5 * HOUR_MS);

    expect(p.spendPerHourUsd).toBe(0);
    expect(p.hoursUntilExhausted).toBeNull();
    expect(p.projectedSpendUsd).toBe(0);
    expect(p.exhaustedBeforeReset).toBe(false);
  });

  it('when resetsAt cannot be parsed, then the next UTC midnight after now is taken as the reset', () => {
    const p = pace(budget(1, 9, 'not a date'), MIDNIGHT + 18 * HOUR_MS);

    expect(p.hoursUntilReset).toBe(6);
    expect(p.spendPerHourUsd).toBe(Math.round((1 / 18) * 1e8) / 1e8);
  });

  it('when now is past resetsAt, then the hours until the reset are 0, never negative', () => {
    const p = pace(budget(1, 9), Date.parse(NEXT_MIDNIGHT) + HOUR_MS);

    expect(p.hoursUntilReset).toBe(0);
    expect(p.exhaustedBeforeReset).toBe(false);
  });

  it('when the hours are not round, then hours until reset and exhaustion keep two decimals', () => {
    // 20 minutes past 13:00 → 10 h 40 min to the reset = 10.666… h.
    const p = pace(budget(1, 9), MIDNIGHT + 13 * HOUR_MS + 20 * 60_000);

    expect(p.hoursUntilReset).toBe(10.67);
  });
});
