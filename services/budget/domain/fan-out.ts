import {
  AppError,
  BreakerOpenError,
  BreakerTimeoutError,
  upstreamJson,
  type BreakerRegistry,
} from '../../../instrumentation/index.js';
import type { BurstRequest } from './burst-key.js';

export type ProviderStatus = 'ok' | 'error' | 'timeout' | 'circuit_open';

export interface ProviderResult {
  provider: string;
  status: ProviderStatus;
  latencyMs: number;
  costUsd: number;
  output?: string;
  model?: string;
  error?: string;
}

export interface FanOutResult {
  results: ProviderResult[];
  totalCostUsd: number;
}

interface CompletionBody {
  model: string;
  output: string;
  costUsd: number;
}

/** How a failed provider call shows in the burst: its breaker refused, it timed out, or it failed. */
export function statusOf(error: unknown): ProviderStatus {
  if (error instanceof BreakerOpenError) return 'circuit_open';
  if (error instanceof BreakerTimeoutError) return 'timeout';
  return 'error';
}

async function callProvider(
  breakers: BreakerRegistry,
  baseUrl: string,
  provider: string,
  request: BurstRequest,
): Promise<ProviderResult> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    const body = await upstreamJson<CompletionBody>(
      breakers.getOrCreate(`provider:${provider}`),
      `${baseUrl}/v1/providers/${provider}/complete`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: request.prompt, maxTokens: request.maxTokens }),
      },
    );
    return {
      provider,
      status: 'ok',
      latencyMs: latencyMs(),
      costUsd: body.costUsd,
      output: body.output,
      model: body.model,
    };
  } catch (error) {
    // A provider failing in any way reaches here as the upstream client's AppError and becomes this
    // provider's result; anything else is a bug in this service and propagates.
    if (!(error instanceof AppError)) throw error;
    const status = statusOf(error);
    return {
      provider,
      status,
      latencyMs: latencyMs(),
      costUsd: 0,
      error: status === 'error' ? error.code : status,
    };
  }
}

/** The burst's cost: the sum of what each provider charged, to the provider-sim's 1e-8 dollar precision. */
export function totalCostOf(results: readonly ProviderResult[]): number {
  return Math.round(results.reduce((sum, r) => sum + r.costUsd, 0) * 1e8) / 1e8;
}

/**
 * Sends one burst to every chosen provider at once. Each provider has its own breaker, so one failing
 * provider yields a partial result instead of a failed burst.
 */
export async function fanOut(
  breakers: BreakerRegistry,
  baseUrl: string,
  request: BurstRequest,
): Promise<FanOutResult> {
  const results = await Promise.all(
    request.providers.map((p) => callProvider(breakers, baseUrl, p, request)),
  );
  return { results, totalCostUsd: totalCostOf(results) };
}
