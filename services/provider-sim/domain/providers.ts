import { createHash } from 'node:crypto';

export interface ProviderSpec {
  name: string;
  model: string;
  pricePer1kTokensUsd: number;
  latencyMeanMs: number;
  latencyJitterMs: number;
  maxTokens: number;
}

export const DEFAULT_PROVIDERS: ProviderSpec[] = [
  {
    name: 'alpha',
    model: 'alpha-large-2',
    pricePer1kTokensUsd: 0.03,
    latencyMeanMs: 80,
    latencyJitterMs: 30,
    maxTokens: 4096,
  },
  {
    name: 'beta',
    model: 'beta-chat-1',
    pricePer1kTokensUsd: 0.002,
    latencyMeanMs: 40,
    latencyJitterMs: 15,
    maxTokens: 4096,
  },
  {
    name: 'gamma',
    model: 'gamma-mini',
    pricePer1kTokensUsd: 0.0005,
    latencyMeanMs: 25,
    latencyJitterMs: 5,
    maxTokens: 2048,
  },
];

export function parseProviders(value: unknown): ProviderSpec[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new Error('must be a non-empty JSON array of providers');
  return value.map((item, i) => {
    const p = item as Partial<ProviderSpec>;
    const ok =
      typeof p.name === 'string' &&
      /^[a-z0-9-]{1,32}$/.test(p.name) &&
      typeof p.model === 'string' &&
      [p.pricePer1kTokensUsd, p.latencyMeanMs, p.latencyJitterMs, p.maxTokens].every(
        (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0,
      );
    if (!ok)
      throw new Error(
        `provider ${i} needs name, model, pricePer1kTokensUsd, latencyMeanMs, latencyJitterMs, maxTokens`,
      );
    // Providers are looked up by name: a second one with the same name would silently replace the first.
    if (value.slice(0, i).some((other) => (other as ProviderSpec).name === p.name))
      throw new Error(`provider ${i} repeats the name ${p.name}`);
    return p as ProviderSpec;
  });
}

const WORDS = [
  'signal',
  'trace',
  'span',
  'budget',
  'cache',
  'limit',
  'burst',
  'model',
  'token',
  'route',
  'probe',
  'queue',
];

export interface Completion {
  output: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Deterministic for a given provider, prompt and limit, so tests can compare outputs. */
export function complete(provider: ProviderSpec, prompt: string, maxTokens: number): Completion {
  const digest = createHash('sha256').update(`${provider.name}\n${prompt}`).digest();
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  const completionTokens = Math.min(maxTokens, provider.maxTokens, 16 + ((digest[0] ?? 0) % 48));
  const words: string[] = [];
  for (let i = 0; i < Math.min(completionTokens, 24); i += 1)
    words.push(WORDS[(digest[i % digest.length] ?? 0) % WORDS.length]!);
  const costUsd = ((promptTokens + completionTokens) / 1000) * provider.pricePer1kTokensUsd;
  return {
    output: `[${provider.model}] ${words.join(' ')}`,
    promptTokens,
    completionTokens,
    costUsd: round(costUsd),
  };
}

export function round(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}

export function latencyFor(provider: ProviderSpec, scale: number): number {
  const jitter = (Math.random() * 2 - 1) * provider.latencyJitterMs;
  return Math.max(0, (provider.latencyMeanMs + jitter) * scale);
}
