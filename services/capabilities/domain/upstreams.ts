import { AppError, upstreamJson, type BreakerRegistry } from '../../../instrumentation/index.js';

export const PROVIDER_SIM_BREAKER = 'provider-sim';
export const BUDGET_BREAKER = 'budget';

/** One provider as provider-sim's `GET /v1/providers` describes it. */
export interface ProviderInfo {
  name: string;
  model: string;
  pricePer1kTokensUsd: number;
  latency: { meanMs: number; jitterMs: number };
  limits: { maxTokens: number };
}

function isProvider(value: unknown): value is ProviderInfo {
  const p = value as Partial<ProviderInfo> | null;
  return typeof p?.name === 'string' && typeof p.model === 'string';
}

/** The part of budget's resilience status read here: breaker states by breaker name. */
interface ResilienceStatus {
  breakers?: Record<string, { state?: unknown } | null> | null;
}

/** provider-sim's catalogue. Without it there is nothing to answer, so every failure propagates. */
export async function fetchProviders(breakers: BreakerRegistry, baseUrl: string): Promise<ProviderInfo[]> {
  const breaker = breakers.getOrCreate(PROVIDER_SIM_BREAKER);
  const body = await upstreamJson<{ providers?: unknown } | null>(breaker, `${baseUrl}/v1/providers`);
  if (!Array.isArray(body?.providers) || !body.providers.every(isProvider)) {
    throw new AppError(502, 'upstream_invalid', 'provider-sim answered without a list of providers');
  }
  return body.providers;
}

/**
 * Budget's breaker states by name (`provider:<name>` → `closed` | `open` | `half_open`), or undefined
 * when budget cannot say: capabilities degrade without it, they do not fail.
 */
export async function fetchBreakerStates(
  breakers: BreakerRegistry,
  baseUrl: string,
): Promise<Record<string, string> | undefined> {
  try {
    const body = await upstreamJson<ResilienceStatus>(
      breakers.getOrCreate(BUDGET_BREAKER),
      `${baseUrl}/api/v1/providers/resilience-status`,
    );
    if (typeof body.breakers !== 'object' || body.breakers === null) return undefined;
    return Object.fromEntries(
      Object.entries(body.breakers).flatMap(([name, breaker]) =>
        typeof breaker?.state === 'string' ? [[name, breaker.state]] : [],
      ),
    );
  } catch (error) {
    // Unreachable, timed out, circuit open, a failing answer or one that is not JSON: the client span
    // records which. Anything else is a bug here and propagates.
    if (error instanceof AppError) return undefined;
    throw error;
  }
}
