import { describe, expect, it } from 'vitest';
import {
  BreakerOpenError,
  BreakerTimeoutError,
  UpstreamUnavailableError,
} from '../../../instrumentation/index.js';
import { statusOf, totalCostOf, type ProviderResult } from '../../../services/budget/domain/fan-out.js';

const result = (
  provider: string,
  costUsd: number,
  status: ProviderResult['status'] = 'ok',
): ProviderResult => ({
  provider,
  status,
  latencyMs: 10,
  costUsd,
});

describe('fan-out: how a failed provider call shows in the burst', () => {
  it('when the provider’s breaker is open, then its status is circuit_open', () => {
    expect(statusOf(new BreakerOpenError('provider:alpha'))).toBe('circuit_open');
  });

  it('when the call ran past the breaker’s timeout, then its status is timeout', () => {
    expect(statusOf(new BreakerTimeoutError('provider:alpha', 3_000))).toBe('timeout');
  });

  it('when the provider could not be reached, then its status is error', () => {
    expect(statusOf(new UpstreamUnavailableError('provider:alpha'))).toBe('error');
  });
});

describe('fan-out: the burst’s total cost', () => {
  it('when several providers answered, then the total is the sum of their costs', () => {
    expect(
      totalCostOf([result('alpha', 0.00042), result('beta', 0.000034), result('gamma', 0.0000085)]),
    ).toBe(0.0004625);
  });

  it('when a provider failed, then it adds nothing', () => {
    expect(totalCostOf([result('alpha', 0.001), result('beta', 0, 'timeout')])).toBe(0.001);
  });

  it('when the float sum carries noise, then the total is rounded to 1e-8 dollars', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
    expect(totalCostOf([result('alpha', 0.1), result('beta', 0.2)])).toBe(0.3);
    expect(totalCostOf([result('alpha', 0.123456789)])).toBe(0.12345679);
  });

  it('when no provider was asked, then the total is 0', () => {
    expect(totalCostOf([])).toBe(0);
  });
});
