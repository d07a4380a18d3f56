import { describe, expect, it } from 'vitest';
import {
  complete,
  latencyFor,
  round,
  type ProviderSpec,
} from '../../../services/provider-sim/domain/providers.js';

const ALPHA: ProviderSpec = {
  name: 'alpha',
  model: 'alpha-large-2',
  pricePer1kTokensUsd: 0.03,
  latencyMeanMs: 80,
  latencyJitterMs: 30,
  maxTokens: 4096,
};

describe('simulated completion: tokens', () => {
  it('when a prompt is given, then it counts one token per 4 characters, rounded up, and at least one', () => {
    expect(complete(ALPHA, '', 256).promptTokens).toBe(1);
    expect(complete(ALPHA, 'abcd', 256).promptTokens).toBe(1);
    expect(complete(ALPHA, 'abcde', 256).promptTokens).toBe(2);
    expect(complete(ALPHA, 'x'.repeat(40), 256).promptTokens).toBe(10);
  });

  it('when nothing limits it, then the answer has between 16 and 63 tokens', () => {
    for (const prompt of ['a', 'Explain tracing', 'why', 'p1', 'p2', 'p3', 'p4', 'p5']) {
      const { completionTokens } = complete(ALPHA, prompt, 4096);
      expect(completionTokens).toBeGreaterThanOrEqual(16);
      expect(completionTokens).toBeLessThanOrEqual(63);
    }
  });

  it('when the caller’s limit is lower, then the answer has exactly that many tokens', () => {
    expect(complete(ALPHA, 'Explain tracing', 1).completionTokens).toBe(1);
    expect(complete(ALPHA, 'Explain tracing', 15).completionTokens).toBe(15);
  });

  it('when the provider’s own limit is lower than the caller’s, then the provider’s limit wins', () => {
    const small = { ...ALPHA, maxTokens: 10 };

    expect(complete(small, 'Explain tracing', 256).completionTokens).toBe(10);
  });
});

describe('simulated completion: cost', () => {
  it('when tokens are counted, then the cost is (prompt + completion tokens) / 1000 × the price per 1k', () => {
    // 40 characters = 10 prompt tokens, 1 completion token: 11 tokens at 0.03 $ per 1000.
    expect(complete(ALPHA, 'x'.repeat(40), 1).costUsd).toBe(0.00033);
  });

  it('when the cheapest default provider answers a short prompt, then the cost is still above zero', () => {
    const gamma = { ...ALPHA, name: 'gamma', pricePer1kTokensUsd: 0.0005 };

    // 1 prompt token + 1 completion token at 0.0005 $ per 1000.
    expect(complete(gamma, 'hi', 1).costUsd).toBe(0.000001);
  });

  it('when the price is 0, then the completion is free', () => {
    expect(complete({ ...ALPHA, pricePer1kTokensUsd: 0 }, 'Explain tracing', 256).costUsd).toBe(0);
  });

  it('when a cost has more than eight decimals, then it is rounded to 1e-8 dollars', () => {
    expect(round(0.123456789)).toBe(0.12345679);
    expect(round(0.000000004)).toBe(0);
    expect(round(0.000000005)).toBe(0.00000001);
  });
});

describe('simulated completion: output', () => {
  it('when the same provider gets the same prompt, then the answer is the same every time', () => {
    expect(complete(ALPHA, 'Explain tracing', 256)).toEqual(complete(ALPHA, 'Explain tracing', 256));
  });

  it('when another provider gets the same prompt, then its answer is its own', () => {
    const beta = { ...ALPHA, name: 'beta', model: 'beta-chat-1' };

    expect(complete(beta, 'Explain tracing', 256).output).not.toBe(
      complete(ALPHA, 'Explain tracing', 256).output,
    );
  });

  it('when an answer is made, then it starts with the model in brackets', () => {
    expect(complete(ALPHA, 'Explain tracing', 256).output.startsWith('[alpha-large-2] ')).toBe(true);
  });

  it('when the answer has N tokens, then it has min(N, 24) words', () => {
    const words = (output: string) => output.split(' ').slice(1);

    expect(words(complete(ALPHA, 'Explain tracing', 3).output)).toHaveLength(3);
    const long = complete(ALPHA, 'Explain tracing', 4096);
    expect(words(long.output)).toHaveLength(Math.min(long.completionTokens, 24));
  });
});

describe('simulated latency', () => {
  it('when a provider has no jitter, then its latency is its mean times the scale', () => {
    const steady = { ...ALPHA, latencyMeanMs: 80, latencyJitterMs: 0 };

    expect(latencyFor(steady, 1)).toBe(80);
    expect(latencyFor(steady, 0.1)).toBe(8);
    expect(latencyFor(steady, 0)).toBe(0);
  });

  it('when a provider has jitter, then every latency lies within mean ± jitter, scaled', () => {
    for (let i = 0; i < 200; i += 1) {
      const ms = latencyFor(ALPHA, 2);
      expect(ms).toBeGreaterThanOrEqual((80 - 30) * 2);
      expect(ms).toBeLessThanOrEqual((80 + 30) * 2);
    }
  });

  it('when the jitter is larger than the mean, then a latency is never negative', () => {
    const wild = { ...ALPHA, latencyMeanMs: 1, latencyJitterMs: 100 };

    for (let i = 0; i < 200; i += 1) expect(latencyFor(wild, 1)).toBeGreaterThanOrEqual(0);
  });
});
