import { describe, expect, it } from 'vitest';
import { AppError } from '../../../instrumentation/index.js';
import { FaultTable, parseFault, strikes, type Fault } from '../../../services/provider-sim/domain/faults.js';

const NAMES = ['alpha', 'beta', 'gamma'];

function rejection(body: Record<string, unknown>): AppError {
  try {
    parseFault(body, NAMES);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the fault to be refused');
}

const fault = (provider: string, errorRate = 1): Fault => ({
  provider,
  errorRate,
  latencyMs: 0,
  status: 503,
});

describe('fault injection request', () => {
  it('when only a provider is named, then every call fails with 503 and no added latency', () => {
    expect(parseFault({ provider: 'alpha' }, NAMES)).toEqual({
      provider: 'alpha',
      errorRate: 1,
      latencyMs: 0,
      status: 503,
    });
  });

  it('when every setting is at its bounds, then it is accepted', () => {
    expect(parseFault({ provider: 'beta', errorRate: 0, latencyMs: 0, status: 400 }, NAMES)).toMatchObject({
      errorRate: 0,
      status: 400,
    });
    expect(
      parseFault({ provider: 'beta', errorRate: 1, latencyMs: 60_000, status: 599 }, NAMES),
    ).toMatchObject({
      errorRate: 1,
      latencyMs: 60_000,
      status: 599,
    });
  });

  it('when a setting is just outside its bounds, then it is a 400 bad_request naming it', () => {
    const cases: Array<[string, number]> = [
      ['errorRate', -0.01],
      ['errorRate', 1.01],
      ['latencyMs', -1],
      ['latencyMs', 60_001],
      ['status', 399],
      ['status', 600],
    ];
    for (const [field, value] of cases) {
      const error = rejection({ provider: 'alpha', [field]: value });
      expect([error.status, error.code, error.details]).toEqual([400, 'bad_request', { field }]);
    }
  });

  it('when latency or status is not a whole number, then it is a 400 bad_request; a fractional rate is fine', () => {
    expect(rejection({ provider: 'alpha', latencyMs: 1.5 }).details).toEqual({ field: 'latencyMs' });
    expect(rejection({ provider: 'alpha', status: 500.5 }).details).toEqual({ field: 'status' });
    expect(parseFault({ provider: 'alpha', errorRate: 0.25 }, NAMES).errorRate).toBe(0.25);
  });

  it('when the provider is missing or unknown, then it is a 400 bad_request naming provider', () => {
    for (const body of [{}, { provider: 'delta' }, { provider: 7 }]) {
      const error = rejection(body);
      expect([error.code, error.details]).toEqual(['bad_request', { field: 'provider' }]);
    }
    expect(rejection({ provider: 'delta' }).message).toBe('provider must be one of alpha, beta, gamma');
  });
});

describe('fault strikes: which calls fail', () => {
  it('when the error rate is 1, then every roll fails the call', () => {
    for (const roll of [0, 0.5, 0.999999]) expect(strikes(fault('alpha', 1), roll)).toBe(true);
  });

  it('when the error rate is 0, then no roll fails the call', () => {
    for (const roll of [0, 0.5, 0.999999]) expect(strikes(fault('alpha', 0), roll)).toBe(false);
  });

  it('when the error rate is 0.25, then a roll just under it fails and a roll at it does not', () => {
    expect(strikes(fault('alpha', 0.25), 0.2499)).toBe(true);
    expect(strikes(fault('alpha', 0.25), 0.25)).toBe(false);
  });
});

describe('fault table', () => {
  it('when a provider gets a second fault, then it replaces the first', () => {
    const table = new FaultTable();

    table.set(fault('alpha', 1));
    table.set(fault('alpha', 0.5));

    expect(table.get('alpha')?.errorRate).toBe(0.5);
    expect(table.list()).toHaveLength(1);
  });

  it('when one provider is cleared, then only its fault goes', () => {
    const table = new FaultTable();
    table.set(fault('alpha'));
    table.set(fault('beta'));

    table.clear('alpha');

    expect(table.get('alpha')).toBeUndefined();
    expect(table.list().map((f) => f.provider)).toEqual(['beta']);
  });

  it('when no provider is named, then every fault is cleared', () => {
    const table = new FaultTable();
    table.set(fault('alpha'));
    table.set(fault('beta'));

    table.clear();

    expect(table.list()).toEqual([]);
  });
});
