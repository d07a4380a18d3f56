import { describe, expect, it } from 'vitest';
import { weightedDeck } from '../../scripts/load/deck.js';

const WEIGHTS = [
  ['burst', 3],
  ['cached', 4],
  ['budget', 2],
  ['vote', 1],
] as const;

const count = (items: string[]) =>
  items.reduce<Record<string, number>>((n, item) => ({ ...n, [item]: (n[item] ?? 0) + 1 }), {});

describe('the load mix: a weighted deck', () => {
  it('when as many draws as the weights add up to are made, then each item comes its weight times', () => {
    const draw = weightedDeck(WEIGHTS);
    for (let round = 0; round < 50; round += 1) {
      expect(count(Array.from({ length: 10 }, draw))).toEqual({ burst: 3, cached: 4, budget: 2, vote: 1 });
    }
  });

  it('when the random source differs, then the order differs but not the counts', () => {
    const first = Array.from(
      { length: 10 },
      weightedDeck(WEIGHTS, () => 0),
    );
    const second = Array.from(
      { length: 10 },
      weightedDeck(WEIGHTS, () => 0.999),
    );
    expect(first).not.toEqual(second);
    expect(count(first)).toEqual(count(second));
  });

  it('when no item has a weight, then it refuses to start', () => {
    expect(() => weightedDeck([['burst', 0]])).toThrow(RangeError);
  });
});
