import { describe, expect, it } from 'vitest';
import type { Tiers } from '../../../services/segmentation/config.js';
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
