import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../instrumentation/index.js';
import { isJobId, parseJobInput } from '../../../services/training/domain/job-input.js';

const VALID = { provider: 'alpha', model: 'alpha-large-2', datasetRows: 1_000 };

function rejection(body: Record<string, unknown>): AppError {
  try {
    parseJobInput(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the job to be refused');
}

describe('training job request', () => {
  it('when provider, model and rows are given, then the job input is exactly those three', () => {
    expect(parseJobInput({ ...VALID, extra: 'ignored' })).toEqual(VALID);
  });

  it('when datasetRows is 1 or 1 000 000, then it is accepted', () => {
    expect(parseJobInput({ ...VALID, datasetRows: 1 }).datasetRows).toBe(1);
    expect(parseJobInput({ ...VALID, datasetRows: 1_000_000 }).datasetRows).toBe(1_000_000);
  });

  it('when datasetRows is 0 or 1 000 001, then it is a 400 bad_request naming datasetRows', () => {
    for (const datasetRows of [0, 1_000_001]) {
      const error = rejection({ ...VALID, datasetRows });
      expect([error.status, error.code, error.details]).toEqual([
        400,
        'bad_request',
        { field: 'datasetRows' },
      ]);
    }
  });

  it('when datasetRows is missing, then it is a 400 saying it is required', () => {
    const { datasetRows: _rows, ...noRows } = VALID;

    expect(rejection(noRows).message).toBe('datasetRows is required');
  });

  it('when datasetRows has a fraction or is not a number, then it is a 400 bad_request', () => {
    expect(rejection({ ...VALID, datasetRows: 12.5 }).details).toEqual({ field: 'datasetRows' });
    expect(rejection({ ...VALID, datasetRows: 'lots' }).details).toEqual({ field: 'datasetRows' });
  });

  it('when a provider or model name is 64 characters, then it is accepted; 65 is a 400 naming the field', () => {
    expect(parseJobInput({ ...VALID, provider: 'p'.repeat(64), model: 'm'.repeat(64) }).model).toHaveLength(
      64,
    );
    expect(rejection({ ...VALID, provider: 'p'.repeat(65) }).details).toEqual({ field: 'provider' });
    expect(rejection({ ...VALID, model: 'm'.repeat(65) }).details).toEqual({ field: 'model' });
  });

  it('when provider or model is missing or blank, then it is a 400 naming the field', () => {
    expect(rejection({ ...VALID, provider: undefined }).details).toEqual({ field: 'provider' });
    expect(rejection({ ...VALID, model: ' ' }).details).toEqual({ field: 'model' });
  });
});

describe('training job ids', () => {
  it('when an id is a lowercase UUID, then it can name a job', () => {
    expect(isJobId(randomUUID())).toBe(true);
  });

  it('when an id is not a lowercase UUID, then it names no job', () => {
    for (const id of ['', 'latest', randomUUID().toUpperCase(), `${randomUUID()}/steps`, '../etc']) {
      expect(isJobId(id)).toBe(false);
    }
  });
});
