import { describe, expect, it } from 'vitest';
import { boardRank, standingsFrom } from '../../../services/cup/domain/standings.js';

describe('cup standings: the board as answered', () => {
  it('when Redis says rank 0, then the board shows rank 1', () => {
    expect(boardRank(0)).toBe(1);
    expect(boardRank(9)).toBe(10);
  });

  it('when Redis lists players with scores, best first, then each gets its rank from 1 in that order', () => {
    expect(standingsFrom(['zoe', '900', 'ada', '750', 'bob', '750'])).toEqual([
      { rank: 1, player: 'zoe', score: 900 },
      { rank: 2, player: 'ada', score: 750 },
      { rank: 3, player: 'bob', score: 750 },
    ]);
  });

  it('when the board is empty, then there are no standings', () => {
    expect(standingsFrom([])).toEqual([]);
  });

  it('when a reply ends with a player without a score, then that incomplete pair is left out', () => {
    expect(standingsFrom(['zoe', '900', 'ada'])).toEqual([{ rank: 1, player: 'zoe', score: 900 }]);
  });
});
