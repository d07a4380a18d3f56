import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../instrumentation/index.js';
import {
  isFeatureId,
  MAX_DESCRIPTION_LENGTH,
  MAX_TITLE_LENGTH,
  parseNewFeature,
  toFeature,
} from '../../../services/product-development/domain/feature.js';

function rejection(body: Record<string, unknown>): AppError {
  try {
    parseNewFeature(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the feature to be refused');
}

describe('new feature: a title up to 120 characters and an optional description up to 2000', () => {
  it('when title and description are given, then both are kept, trimmed', () => {
    expect(parseNewFeature({ title: '  Dark mode ', description: ' Easier on the eyes.  ' })).toEqual({
      title: 'Dark mode',
      description: 'Easier on the eyes.',
    });
  });

  it('when the description is absent, null or blank, then the feature has none', () => {
    for (const body of [
      { title: 't' },
      { title: 't', description: null },
      { title: 't', description: '   ' },
    ]) {
      expect(parseNewFeature(body).description).toBeUndefined();
    }
  });

  it('when the title is 120 characters, then it is accepted; 121 is a 400 bad_request naming title', () => {
    expect(MAX_TITLE_LENGTH).toBe(120);
    expect(parseNewFeature({ title: 't'.repeat(120) }).title).toHaveLength(120);
    const error = rejection({ title: 't'.repeat(121) });
    expect([error.status, error.code, error.details]).toEqual([400, 'bad_request', { field: 'title' }]);
  });

  it('when the description is 2000 characters, then it is accepted; 2001 is a 400 bad_request naming description', () => {
    expect(MAX_DESCRIPTION_LENGTH).toBe(2_000);
    expect(parseNewFeature({ title: 't', description: 'd'.repeat(2_000) }).description).toHaveLength(2_000);
    expect(rejection({ title: 't', description: 'd'.repeat(2_001) }).details).toEqual({
      field: 'description',
    });
  });

  it('when the title is missing, blank or not a string, then it is a 400 bad_request naming title', () => {
    for (const body of [{}, { title: '  ' }, { title: 5 }]) {
      expect(rejection(body).details).toEqual({ field: 'title' });
    }
  });

  it('when the description is not a string, then it is a 400 bad_request naming description', () => {
    expect(rejection({ title: 't', description: ['d'] }).details).toEqual({ field: 'description' });
  });
});

describe('feature ids', () => {
  it('when an id is a lowercase UUID as randomUUID makes them, then it can name a feature', () => {
    expect(isFeatureId(randomUUID())).toBe(true);
    expect(isFeatureId('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')).toBe(true);
  });

  it('when an id is anything else, then it cannot name a feature (a 404 without asking Redis)', () => {
    for (const id of [
      '',
      '1',
      'not-a-uuid',
      '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D',
      `${randomUUID()}x`,
      `x${randomUUID()}`,
    ]) {
      expect(isFeatureId(id)).toBe(false);
    }
  });
});

describe('feature as stored', () => {
  const id = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('when a stored feature is read, then its votes are the ranking score as a number', () => {
    expect(
      toFeature(id, { title: 'Dark mode', description: 'Eyes', createdAt: '2026-03-10T10:00:00.000Z' }, '3'),
    ).toEqual({
      id,
      title: 'Dark mode',
      description: 'Eyes',
      votes: 3,
      createdAt: '2026-03-10T10:00:00.000Z',
    });
  });

  it('when the stored description is empty, then it reads as null', () => {
    expect(toFeature(id, { title: 't', description: '' }, '0').description).toBeNull();
  });

  it('when the feature has no score in the ranking, then it has 0 votes', () => {
    expect(toFeature(id, { title: 't' }, null).votes).toBe(0);
    expect(toFeature(id, { title: 't' }, undefined).votes).toBe(0);
  });
});
