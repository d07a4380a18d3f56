import { describe, expect, it } from 'vitest';
import { readConfig, type Tiers } from '../../../services/segmentation/config.js';
import { spendTier, volume } from '../../../services/segmentation/domain/segments.js';

/** The README's defaults: regular from 0.01 $, heavy from 1 $, medium from 10 requests, high from 100. */
const TIERS: Tiers = { regularFromUsd: 0.01, heavyFromUsd: 1, mediumFromRequests: 10, highFromRequests: 100 };

describe('segmentation spend tier: free (0), light, regular from 0.01 $, heavy from 1 $', () => {
  for (const [spentUsd, tier] of [
    [0, 'free'],
    [-0.5, 'free'],
    [0.000001, 'light'],
    [0.009999, 'light'],
    [0.01, 'regular'],
    [0.999999, 'regular'],
    [1, 'heavy'],
    [250, 'heavy'],
  ] as const) {
    it(`when a client spent ${spentUsd} $ today, then its tier is ${tier}`, () => {
      expect(spendTier(spentUsd, TIERS)).toBe(tier);
    });
  }

  it('when the thresholds are moved, then the tiers follow them', () => {
    const tiers = { ...TIERS, regularFromUsd: 0.5, heavyFromUsd: 5 };

    expect([0.49, 0.5, 4.99, 5].map((usd) => spendTier(usd, tiers))).toEqual([
      'light',
      'regular',
      'regular',
      'heavy',
    ]);
  });
});

describe('segmentation volume: low, medium from 10 requests, high from 100', () => {
  for (const [requests, tier] of [
    [0, 'low'],
    [9, 'low'],
    [10, 'medium'],
    [99, 'medium'],
    [100, 'high'],
    [10_000, 'high'],
  ] as const) {
    it(`when a client sent ${requests} requests today, then its volume is ${tier}`, () => {
      expect(volume(requests, TIERS)).toBe(tier);
    });
  }
});

describe('segmentation thresholds: each tier starts above the one below it', () => {
  // Segmentation signs its calls to budget, so it needs the gateway secret to start at all.
  const env = (extra: Record<string, string>) => ({
    OTEL_SERVICE_NAME: 'segmentation',
    GATEWAY_SECRET: 's'.repeat(32),
    ...extra,
  });

  it('when nothing is configured, then the thresholds are the README defaults', () => {
    expect(readConfig(env({})).tiers).toEqual(TIERS);
  });

  it('when heavy starts at or below regular, then start-up fails naming SEGMENT_HEAVY_FROM_USD', () => {
    for (const heavy of ['0.005', '0.01']) {
      expect(() =>
        readConfig(env({ SEGMENT_REGULAR_FROM_USD: '0.01', SEGMENT_HEAVY_FROM_USD: heavy })),
      ).toThrow('SEGMENT_HEAVY_FROM_USD: must be above SEGMENT_REGULAR_FROM_USD');
    }
    expect(
      readConfig(env({ SEGMENT_REGULAR_FROM_USD: '0.01', SEGMENT_HEAVY_FROM_USD: '0.010001' })).tiers
        .heavyFromUsd,
    ).toBe(0.010001);
  });

  it('when high starts at or below medium, then start-up fails naming SEGMENT_HIGH_FROM_REQUESTS', () => {
    for (const high of ['10', '9']) {
      expect(() =>
        readConfig(env({ SEGMENT_MEDIUM_FROM_REQUESTS: '10', SEGMENT_HIGH_FROM_REQUESTS: high })),
      ).toThrow('SEGMENT_HIGH_FROM_REQUESTS: must be above SEGMENT_MEDIUM_FROM_REQUESTS');
    }
    expect(
      readConfig(env({ SEGMENT_MEDIUM_FROM_REQUESTS: '10', SEGMENT_HIGH_FROM_REQUESTS: '11' })).tiers
        .highFromRequests,
    ).toBe(11);
  });
});
