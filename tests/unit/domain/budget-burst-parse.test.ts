import { describe, expect, it } from 'vitest';
import { AppError } from '../../../instrumentation/index.js';
import { MAX_PROMPT_LENGTH, MAX_TOKENS, parseBurst } from '../../../services/budget/routes/burst.js';

const KNOWN = ['alpha', 'beta', 'gamma'] as const;

/** The AppError a parse throws, for asserting its code and field. */
function rejection(fields: Record<string, unknown>): AppError {
  try {
    parseBurst(fields, KNOWN);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the burst to be refused');
}

describe('burst parsing: the prompt', () => {
  it('when a prompt is given alone, then every known provider is asked with 256 tokens', () => {
    expect(parseBurst({ prompt: 'hello' }, KNOWN)).toEqual({
      prompt: 'hello',
      providers: ['alpha', 'beta', 'gamma'],
      maxTokens: 256,
    });
  });

  it('when the prompt is missing, blank or not a string, then it is a 400 bad_request naming prompt', () => {
    for (const fields of [{}, { prompt: null }, { prompt: '   ' }, { prompt: 42 }]) {
      const error = rejection(fields);
      expect([error.status, error.code, error.details]).toEqual([400, 'bad_request', { field: 'prompt' }]);
    }
  });

  it('when the prompt is exactly 8000 characters, then it is accepted', () => {
    expect(MAX_PROMPT_LENGTH).toBe(8_000);
    expect(parseBurst({ prompt: 'x'.repeat(8_000) }, KNOWN).prompt).toHaveLength(8_000);
  });

  it('when the prompt is 8001 characters, then it is a 400 bad_request', () => {
    const error = rejection({ prompt: 'x'.repeat(8_001) });

    expect([error.code, error.details]).toEqual(['bad_request', { field: 'prompt' }]);
  });
});

describe('burst parsing: the providers', () => {
  it('when providers are given as a JSON array, then only those are asked', () => {
    expect(parseBurst({ prompt: 'p', providers: ['gamma', 'alpha'] }, KNOWN).providers).toEqual([
      'gamma',
      'alpha',
    ]);
  });

  it('when providers are given as comma-separated text (a query string), then they are split and trimmed', () => {
    expect(parseBurst({ prompt: 'p', providers: 'beta, gamma' }, KNOWN).providers).toEqual(['beta', 'gamma']);
  });

  it('when a provider is named twice, then it is asked once', () => {
    expect(parseBurst({ prompt: 'p', providers: ['beta', 'beta'] }, KNOWN).providers).toEqual(['beta']);
  });

  it('when a provider is unknown, then it is a 400 bad_request naming providers', () => {
    const error = rejection({ prompt: 'p', providers: ['alpha', 'delta'] });

    expect([error.code, error.details]).toEqual(['bad_request', { field: 'providers' }]);
    expect(error.message).toContain('delta');
  });

  it('when providers is empty or not a list of strings, then it is a 400 bad_request', () => {
    for (const providers of [[], '', ' , ', [1], { alpha: true }]) {
      expect(rejection({ prompt: 'p', providers }).code).toBe('bad_request');
    }
  });
});

describe('burst parsing: maxTokens, an integer from 1 to 4096', () => {
  it('when maxTokens is at either bound, then it is accepted', () => {
    expect(MAX_TOKENS).toBe(4_096);
    expect(parseBurst({ prompt: 'p', maxTokens: 1 }, KNOWN).maxTokens).toBe(1);
    expect(parseBurst({ prompt: 'p', maxTokens: 4_096 }, KNOWN).maxTokens).toBe(4_096);
  });

  it('when maxTokens is just outside a bound, then it is a 400 bad_request naming maxTokens', () => {
    for (const maxTokens of [0, 4_097]) {
      const error = rejection({ prompt: 'p', maxTokens });
      expect([error.code, error.details]).toEqual(['bad_request', { field: 'maxTokens' }]);
    }
  });

  it('when maxTokens is not an integer or not a number, then it is a 400 bad_request', () => {
    for (const maxTokens of [12.5, 'many', true, '1e3']) {
      expect(rejection({ prompt: 'p', maxTokens }).code).toBe('bad_request');
    }
  });

  it('when maxTokens comes as digits in a query string, then it is read as a number', () => {
    expect(parseBurst({ prompt: 'p', maxTokens: '512' }, KNOWN).maxTokens).toBe(512);
  });
});
