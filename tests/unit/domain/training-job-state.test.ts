import { describe, expect, it } from 'vitest';
import {
  FAILING_ROWS_DIVISOR,
  isTerminal,
  nextStep,
  type Job,
  type JobStatus,
} from '../../../services/training/domain/job.js';

function job(status: JobStatus, datasetRows = 100): Job {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    provider: 'alpha',
    model: 'alpha-large-2',
    datasetRows,
    status,
    createdAt: '2026-03-10T10:00:00.000Z',
    updatedAt: '2026-03-10T10:00:00.000Z',
    steps: [],
  };
}

describe('training job state machine: queued → running → succeeded, or failed', () => {
  it('when a job is queued, then its next step is running, whatever its row count', () => {
    expect(nextStep(job('queued', 100))).toEqual({ to: 'running' });
    expect(nextStep(job('queued', 13))).toEqual({ to: 'running' });
  });

  it('when a running job’s rows are not a multiple of 13, then it succeeds', () => {
    expect(nextStep(job('running', 12))).toEqual({ to: 'succeeded' });
    expect(nextStep(job('running', 14))).toEqual({ to: 'succeeded' });
    expect(nextStep(job('running', 1))).toEqual({ to: 'succeeded' });
  });

  it('when a running job’s rows are a multiple of 13, then it fails with the reason', () => {
    for (const rows of [13, 26, 13 * 76_923]) {
      expect(nextStep(job('running', rows))).toEqual({
        to: 'failed',
        error: 'simulated failure: datasetRows is a multiple of 13',
      });
    }
  });

  it('when the failing divisor is read, then it is the 13 the README promises', () => {
    expect(FAILING_ROWS_DIVISOR).toBe(13);
  });

  it('when a job has succeeded or failed, then there is no next step', () => {
    expect(nextStep(job('succeeded'))).toBeUndefined();
    expect(nextStep(job('failed', 13))).toBeUndefined();
  });

  it('when a status is succeeded or failed, then it is terminal; queued and running are not', () => {
    expect(
      (['queued', 'running', 'succeeded', 'failed'] as const).map((status) => [status, isTerminal(status)]),
    ).toEqual([
      ['queued', false],
      ['running', false],
      ['succeeded', true],
      ['failed', true],
    ]);
  });

  it('when the machine is walked from queued, then it ends in a terminal state in exactly two steps', () => {
    for (const rows of [12, 13]) {
      let current = job('queued', rows);
      const path: JobStatus[] = [current.status];
      // Bounded, so a machine that never reaches a terminal state fails here instead of looping.
      for (let step = nextStep(current); step && path.length <= 5; step = nextStep(current)) {
        current = { ...current, status: step.to };
        path.push(step.to);
      }
      expect(path).toEqual(['queued', 'running', rows === 13 ? 'failed' : 'succeeded']);
    }
  });
});
