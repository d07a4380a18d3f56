import { describe, expect, it } from 'vitest';
import {
  budgetStatus,
  dayOf,
  nextMidnight,
  toMicros,
  toUsd,
} from '../../../services/budget/domain/spend-figures.js';

const NOON = Date.parse('2026-03-10T12:00:00.000Z');

describe('spend in micro-dollars', () => {
  it('when dollars are converted, then they become whole micro-dollars, so sums are exact', () => {
    expect(toMicros(10)).toBe(10_000_000);
    expect(toMicros(0.1) + toMicros(0.2)).toBe(toMicros(0.3));
    expect(toMicros(0.00000125)).toBe(1);
  });

  it('when a cost is half a micro-dollar or more, then it counts as one; below half, as none', () => {
    expect(toMicros(0.0000005)).toBe(1);
    expect(toMicros(0.00000049)).toBe(0);
  });

  it('when micro-dollars are read back, then they are dollars with six decimals', () => {
    expect(toUsd(1)).toBe(0.000001);
    expect(toUsd(2_500_000)).toBe(2.5);
    expect(toUsd(toMicros(0.123456))).toBe(0.123456);
  });
});

describe('budget status: spent and remaining against the daily limit', () => {
  it('when part of the limit is spent, then the rest remains', () => {
    expect(budgetStatus(2_500_000, 10, NOON)).toEqual({
      limitUsd: 10,
      spentUsd: 2.5,
      remainingUsd: 7.5,
      resetsAt: '2026-03-11T00:00:00.000Z',
    });
  });

  it('when one micro-dollar short of the limit is spent, then one micro-dollar remains', () => {
    expect(budgetStatus(9_999_999, 10, NOON).remainingUsd).toBe(0.000001);
  });

  it('when exactly the limit is spent, then nothing remains', () => {
    expect(budgetStatus(10_000_000, 10, NOON).remainingUsd).toBe(0);
  });

  it('when concurrent bursts overshot the limit, then spent shows the overshoot and remaining stays 0', () => {
    const status = budgetStatus(12_345_678, 10, NOON);

    expect(status.spentUsd).toBe(12.345678);
    expect(status.remainingUsd).toBe(0);
  });

  it('when the limit is 0, then nothing ever remains', () => {
    expect(budgetStatus(0, 0, NOON).remainingUsd).toBe(0);
  });

  it('when the limit has more than six decimals, then it is counted in whole micro-dollars', () => {
    expect(budgetStatus(0, 0.0000014, NOON).remainingUsd).toBe(0.000001);
  });
});

describe('the UTC day: budgets reset at UTC midnight', () => {
  it('when the time is the last millisecond of a day, then it still counts towards that day', () => {
    expect(dayOf(Date.parse('2026-03-10T23:59:59.999Z'))).toBe('2026-03-10');
  });

  it('when the time is midnight UTC, then it counts towards the new day', () => {
    expect(dayOf(Date.parse('2026-03-11T00:00:00.000Z'))).toBe('2026-03-11');
  });

  it('when the reset is asked for during a day, then it is the next UTC midnight', () => {
    expect(nextMidnight(NOON)).toBe('2026-03-11T00:00:00.000Z');
    expect(nextMidnight(Date.parse('2026-03-10T23:59:59.999Z'))).toBe('2026-03-11T00:00:00.000Z');
  });

  it('when it is exactly midnight, then the reset is the following midnight, a whole day away', () => {
    expect(nextMidnight(Date.parse('2026-03-11T00:00:00.000Z'))).toBe('2026-03-12T00:00:00.000Z');
  });

  it('when the day is the last of a month or year, or a leap day, then the reset rolls over correctly', () => {
    expect(nextMidnight(Date.parse('2026-12-31T08:00:00.000Z'))).toBe('2027-01-01T00:00:00.000Z');
    expect(nextMidnight(Date.parse('2028-02-28T08:00:00.000Z'))).toBe('2028-02-29T00:00:00.000Z');
    expect(nextMidnight(Date.parse('2026-02-28T08:00:00.000Z'))).toBe('2026-03-01T00:00:00.000Z');
  });
});
