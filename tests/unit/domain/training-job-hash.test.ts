import { describe, expect, it } from 'vitest';
import { fromHash, toHash, view, type StoredJob } from '../../../services/training/domain/job.js';

const STORED: StoredJob = {
  id: '00000000-0000-4000-8000-000000000001',
  provider: 'alpha',
  model: 'alpha-large-2',
  datasetRows: 26,
  status: 'failed',
  createdAt: '2026-03-10T10:00:00.000Z',
  updatedAt: '2026-03-10T10:00:02.000Z',
  steps: [
    { from: 'queued', to: 'running', at: '2026-03-10T10:00:01.000Z', traceId: 'a'.repeat(32) },
    { from: 'running', to: 'failed', at: '2026-03-10T10:00:02.000Z', traceId: 'b'.repeat(32) },
  ],
  error: 'simulated failure: datasetRows is a multiple of 13',
  origin: { traceparent: `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01` },
};

describe('training job as a Redis hash', () => {
  it('when a job is stored, then every field is a string and steps and origin are JSON', () => {
    const hash = toHash(STORED);

    expect(Object.values(hash).every((value) => typeof value === 'string')).toBe(true);
    expect(hash.datasetRows).toBe('26');
    expect(JSON.parse(hash.steps!)).toEqual(STORED.steps);
    expect(JSON.parse(hash.origin!)).toEqual(STORED.origin);
  });

  it('when a job is stored and read back, then it is the same job', () => {
    expect(fromHash(toHash(STORED))).toEqual(STORED);
  });

  it('when a job without an error is stored, then no error field is written or read back', () => {
    const { error: _error, ...ok } = STORED;
    const job: StoredJob = { ...ok, status: 'succeeded' };

    const hash = toHash(job);

    expect('error' in hash).toBe(false);
    expect('error' in fromHash(hash)!).toBe(false);
  });

  it('when the hash has no id or no status (expired or never stored), then there is no job', () => {
    expect(fromHash({})).toBeUndefined();
    expect(fromHash({ ...toHash(STORED), id: '' })).toBeUndefined();
    const { status: _status, ...noStatus } = toHash(STORED);
    expect(fromHash(noStatus)).toBeUndefined();
  });

  it('when steps or origin are not valid JSON, then they read as empty rather than failing', () => {
    const job = fromHash({ ...toHash(STORED), steps: '[{broken', origin: 'nope' });

    expect(job?.steps).toEqual([]);
    expect(job?.origin).toEqual({});
  });

  it('when optional fields are missing, then they read as empty strings and 0 rows', () => {
    const job = fromHash({ id: 'x', status: 'queued' });

    expect(job).toEqual({
      id: 'x',
      provider: '',
      model: '',
      datasetRows: 0,
      status: 'queued',
      createdAt: '',
      updatedAt: '',
      steps: [],
      origin: {},
    });
  });
});

describe('training job view: what the API answers', () => {
  it('when a job is shown, then the stored trace context is left out and everything else kept', () => {
    const shown = view(STORED);

    expect('origin' in shown).toBe(false);
    const { origin: _origin, ...expected } = STORED;
    expect(shown).toEqual(expected);
  });
});
