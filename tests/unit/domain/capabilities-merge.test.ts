import { describe, expect, it } from 'vitest';
import { AppError } from '../../../instrumentation/index.js';
import {
  breakerStatesFrom,
  providersFrom,
  UNKNOWN_STATE,
  withBreakerStates,
  type ProviderInfo,
} from '../../../services/capabilities/domain/provider-answers.js';

const ALPHA: ProviderInfo = {
  name: 'alpha',
  model: 'alpha-large-2',
  pricePer1kTokensUsd: 0.03,
  latency: { meanMs: 80, jitterMs: 30 },
  limits: { maxTokens: 4096 },
};
const BETA: ProviderInfo = { ...ALPHA, name: 'beta', model: 'beta-chat-1' };

function rejection(status: number, body: unknown): AppError {
  try {
    providersFrom(status, body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the answer to be refused');
}

describe('capabilities: provider-sim’s catalogue', () => {
  it('when provider-sim lists named providers with models, then they are taken', () => {
    expect(providersFrom(200, { providers: [ALPHA, BETA] })).toEqual([ALPHA, BETA]);
  });

  it('when provider-sim lists no providers, then the empty catalogue is taken', () => {
    expect(providersFrom(200, { providers: [] })).toEqual([]);
  });

  it('when the answer has no provider list, then it is a 502 upstream_invalid naming the status', () => {
    for (const [status, body] of [
      [200, {}],
      [200, null],
      [200, { providers: 'alpha' }],
      [500, null],
    ] as const) {
      const error = rejection(status, body);
      expect([error.status, error.code, error.message]).toEqual([
        502,
        'upstream_invalid',
        `provider-sim answered ${status} without providers`,
      ]);
    }
  });

  it('when one provider lacks a name or a model, then the whole answer is a 502 upstream_invalid', () => {
    const { model: _model, ...noModel } = BETA;

    expect(rejection(200, { providers: [ALPHA, noModel] }).code).toBe('upstream_invalid');
    expect(rejection(200, { providers: [ALPHA, null] }).code).toBe('upstream_invalid');
    expect(rejection(200, { providers: [{ ...ALPHA, name: 7 }] }).code).toBe('upstream_invalid');
  });
});

describe('capabilities: budget’s breaker states', () => {
  it('when budget reports breakers, then their states are read by breaker name', () => {
    const body = { breakers: { 'provider:alpha': { state: 'open' }, 'provider:beta': { state: 'closed' } } };

    expect(breakerStatesFrom(body)).toEqual({ 'provider:alpha': 'open', 'provider:beta': 'closed' });
  });

  it('when a breaker has no string state, then it is left out rather than guessed', () => {
    const body = {
      breakers: { 'provider:alpha': { state: 3 }, 'provider:beta': null, 'provider:gamma': {} },
    };

    expect(breakerStatesFrom(body)).toEqual({});
  });

  it('when the answer has no breakers object, then budget could not say: undefined', () => {
    for (const body of [{}, { breakers: null }, { breakers: 'open' }, null, 'text']) {
      expect(breakerStatesFrom(body)).toBeUndefined();
    }
  });
});

describe('capabilities: each provider with its breaker state', () => {
  it('when budget reported a provider’s breaker, then the provider shows that state', () => {
    const merged = withBreakerStates([ALPHA, BETA], {
      'provider:alpha': 'open',
      'provider:beta': 'half_open',
    });

    expect(merged.map((p) => [p.name, p.breakerState])).toEqual([
      ['alpha', 'open'],
      ['beta', 'half_open'],
    ]);
  });

  it('when budget did not report a provider’s breaker, then it shows unknown', () => {
    const merged = withBreakerStates([ALPHA, BETA], { 'provider:alpha': 'closed' });

    expect(merged[1]?.breakerState).toBe(UNKNOWN_STATE);
    expect(UNKNOWN_STATE).toBe('unknown');
  });

  it('when budget could not be asked, then every provider shows unknown', () => {
    expect(withBreakerStates([ALPHA, BETA], undefined).map((p) => p.breakerState)).toEqual([
      'unknown',
      'unknown',
    ]);
  });

  it('when a breaker is named without the provider: prefix, then it is not taken for the provider', () => {
    expect(withBreakerStates([ALPHA], { alpha: 'open' })[0]?.breakerState).toBe('unknown');
  });

  it('when provider-sim sends extra fields, then only the documented ones are answered', () => {
    const [merged] = withBreakerStates([{ ...ALPHA, secret: 'x' } as ProviderInfo], {});

    expect(Object.keys(merged!).sort()).toEqual(
      ['breakerState', 'latency', 'limits', 'model', 'name', 'pricePer1kTokensUsd'].sort(),
    );
  });
});
