import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROVIDERS,
  parseProviders,
  type ProviderSpec,
} from '../../../services/provider-sim/domain/providers.js';

const SPEC: ProviderSpec = {
  name: 'delta',
  model: 'delta-1',
  pricePer1kTokensUsd: 0.01,
  latencyMeanMs: 50,
  latencyJitterMs: 10,
  maxTokens: 1024,
};

describe('provider list (PROVIDERS_JSON) validation', () => {
  it('when every provider is complete, then the list is taken as given', () => {
    const list = [SPEC, { ...SPEC, name: 'epsilon' }];

    expect(parseProviders(list)).toEqual(list);
  });

  it('when the value is not an array or is empty, then it is refused', () => {
    for (const value of [undefined, null, {}, 'alpha', []]) {
      expect(() => parseProviders(value)).toThrow('must be a non-empty JSON array of providers');
    }
  });

  it('when a provider misses a field, then the error names its position', () => {
    const { model: _model, ...noModel } = SPEC;

    expect(() => parseProviders([SPEC, noModel])).toThrow(/^provider 1 needs name, model/);
  });

  it('when a name is 32 lowercase letters, digits or dashes, then it is accepted; 33 or other characters are not', () => {
    expect(parseProviders([{ ...SPEC, name: 'a'.repeat(32) }])[0]?.name).toHaveLength(32);
    expect(parseProviders([{ ...SPEC, name: 'gpt-4o-mini' }])[0]?.name).toBe('gpt-4o-mini');
    for (const name of ['a'.repeat(33), '', 'Alpha', 'al pha', 'al/pha', 'al_pha']) {
      expect(() => parseProviders([{ ...SPEC, name }])).toThrow('provider 0 needs');
    }
  });

  it('when a number field is 0, then it is accepted; negative or not a finite number, refused', () => {
    for (const field of ['pricePer1kTokensUsd', 'latencyMeanMs', 'latencyJitterMs', 'maxTokens'] as const) {
      expect(() => parseProviders([{ ...SPEC, [field]: 0 }])).not.toThrow();
      for (const bad of [-0.001, Number.NaN, Infinity, '5', null]) {
        expect(() => parseProviders([{ ...SPEC, [field]: bad }])).toThrow('provider 0 needs');
      }
    }
  });

  it('when two providers share a name, then the list is refused rather than one silently replacing the other', () => {
    expect(() => parseProviders([SPEC, { ...SPEC, model: 'delta-2' }])).toThrow(/provider 1.*delta/);
  });

  it('when no list is configured, then the defaults are alpha, beta and gamma, and they pass the same checks', () => {
    expect(DEFAULT_PROVIDERS.map((p) => p.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(parseProviders(DEFAULT_PROVIDERS)).toEqual(DEFAULT_PROVIDERS);
  });
});
