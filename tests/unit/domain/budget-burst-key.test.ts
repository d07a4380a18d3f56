import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { burstKey, type BurstRequest } from '../../../services/budget/domain/burst-key.js';

const BASE: BurstRequest = { prompt: 'Explain tracing', providers: ['alpha', 'beta'], maxTokens: 256 };

describe('burst key: the same prompt, provider set and token limit are the same burst', () => {
  it('when the providers are listed in another order, then the key is the same', () => {
    expect(burstKey({ ...BASE, providers: ['beta', 'alpha'] })).toBe(burstKey(BASE));
  });

  it('when the prompt differs, even by one character, then the key differs', () => {
    expect(burstKey({ ...BASE, prompt: 'Explain tracing.' })).not.toBe(burstKey(BASE));
  });

  it('when the token limit differs, then the key differs', () => {
    expect(burstKey({ ...BASE, maxTokens: 257 })).not.toBe(burstKey(BASE));
  });

  it('when the provider set differs, then the key differs', () => {
    expect(burstKey({ ...BASE, providers: ['alpha'] })).not.toBe(burstKey(BASE));
    expect(burstKey({ ...BASE, providers: ['alpha', 'beta', 'gamma'] })).not.toBe(burstKey(BASE));
  });

  it('when a key is made, then it is a SHA-256 in hex, so no prompt text is readable in it', () => {
    const key = burstKey(BASE);

    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).toBe(createHash('sha256').update('alpha,beta\n256\nExplain tracing').digest('hex'));
  });

  it('when the request is keyed, then its provider list is left in the order the caller gave', () => {
    const request = { ...BASE, providers: ['beta', 'alpha'] };

    burstKey(request);

    expect(request.providers).toEqual(['beta', 'alpha']);
  });
});
