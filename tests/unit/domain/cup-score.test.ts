import { describe, expect, it } from 'vitest';
import { AppError } from '../../../instrumentation/index.js';
import { MAX_SCORE, parseScore } from '../../../services/cup/routes/cup.js';

function rejection(body: Record<string, unknown>): AppError {
  try {
    parseScore(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the score to be refused');
}

describe('cup score: a whole JSON number from 0 to 1 000 000 000', () => {
  it('when a score is 0 or the maximum, then it is accepted', () => {
    expect(MAX_SCORE).toBe(1_000_000_000);
    expect(parseScore({ player: 'ada', score: 0 })).toEqual({ player: 'ada', score: 0 });
    expect(parseScore({ player: 'ada', score: 1_000_000_000 }).score).toBe(1_000_000_000);
  });

  it('when a score is just outside the range, then it is a 400 bad_request naming score', () => {
    for (const score of [-1, 1_000_000_001]) {
      const error = rejection({ player: 'ada', score });
      expect([error.status, error.code, error.details]).toEqual([400, 'bad_request', { field: 'score' }]);
    }
  });

  it('when a score has a fraction, then it is a 400 bad_request', () => {
    expect(rejection({ player: 'ada', score: 10.5 }).message).toBe('score must be an integer');
  });

  it('when the score is missing or null, then it is a 400 saying it is required', () => {
    for (const body of [{ player: 'ada' }, { player: 'ada', score: null }]) {
      const error = rejection(body);
      expect([error.code, error.message, error.details]).toEqual([
        'bad_request',
        'score is required',
        { field: 'score' },
      ]);
    }
  });

  it('when the score is digits in a string, then it is refused: a posted score must be a JSON number', () => {
    const error = rejection({ player: 'ada', score: '100' });

    expect([error.code, error.message]).toEqual(['bad_request', 'score must be a number']);
  });
});

describe('cup player name: letters, digits, _ . - and single inner spaces, at most 64 characters', () => {
  it('when a name uses the allowed characters with single inner spaces, then it is accepted', () => {
    for (const player of ['ada', 'Ada Lovelace', 'r2-d2', 'j.doe_99', 'a b c']) {
      expect(parseScore({ player, score: 1 }).player).toBe(player);
    }
  });

  it('when a name is 64 characters, then it is accepted; 65 is a 400 bad_request', () => {
    expect(parseScore({ player: 'p'.repeat(64), score: 1 }).player).toHaveLength(64);
    expect(rejection({ player: 'p'.repeat(65), score: 1 }).details).toEqual({ field: 'player' });
  });

  it('when a name has outer spaces, double spaces or other characters, then it is a 400 bad_request naming player', () => {
    for (const player of [' ada', 'ada ', 'ada  lovelace', 'ada\tl', 'ada!', 'émile', '<b>', 'a/b']) {
      const error = rejection({ player, score: 1 });
      expect([error.code, error.details]).toEqual(['bad_request', { field: 'player' }]);
    }
  });

  it('when the name is missing, empty or not a string, then it is a 400 bad_request naming player', () => {
    for (const body of [{ score: 1 }, { player: '', score: 1 }, { player: 42, score: 1 }]) {
      expect(rejection(body).details).toEqual({ field: 'player' });
    }
  });
});
