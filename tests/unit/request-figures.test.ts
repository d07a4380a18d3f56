import { describe, expect, it } from 'vitest';
import { quantileOf } from '../../instrumentation/telemetry/metric-data.js';
import { RequestRate } from '../../instrumentation/telemetry/request-figures.js';

const histogram = (boundaries: number[], counts: number[]) => ({
  buckets: { boundaries, counts },
  count: counts.reduce((a, b) => a + b, 0),
  sum: 0,
});

describe('request figures from a duration histogram', () => {
  it('when every value is in one bucket, then a quantile is interpolated inside it', () => {
    const h = histogram([0.01, 0.02, 0.05], [0, 10, 0, 0]);
    expect(quantileOf(h, 0.5)).toBeCloseTo(0.015, 6);
    expect(quantileOf(h, 0.99)).toBeCloseTo(0.0199, 6);
  });

  it('when values spread over buckets, then the quantile lands in the bucket holding its rank', () => {
    const h = histogram([0.01, 0.02, 0.05], [50, 40, 10, 0]);
    expect(quantileOf(h, 0.5)).toBeCloseTo(0.01, 6);
    expect(quantileOf(h, 0.95)).toBeCloseTo(0.035, 6);
  });

  it('when the rank falls in the open last bucket, then its lower boundary answers; an empty histogram answers 0', () => {
    expect(quantileOf(histogram([0.01], [1, 9]), 0.99)).toBe(0.01);
    expect(quantileOf(histogram([0.01], [0, 0]), 0.5)).toBe(0);
  });

  it('when readings accumulate, then the rate is the growth since the oldest reading of the last minute', () => {
    const clock = { ms: 0 };
    const rate = new RequestRate(0, () => clock.ms);
    clock.ms = 10_000;
    expect(rate.perSecond(100)).toBe(10);
    clock.ms = 70_000;
    expect(rate.perSecond(700)).toBe(10);
    clock.ms = 71_000;
    // The reading at 10 s is now over a minute old: the rate is taken from the one at 70 s.
    expect(rate.perSecond(720)).toBe(20);
  });
});
