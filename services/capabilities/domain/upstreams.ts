import {
  AppError,
  BreakerOpenError,
  BreakerTimeoutError,
  breakerFetch,
  type BreakerRegistry,
} from '../../../instrumentation/index.js';

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

/** provider-sim's catalogue. Without it there is nothing to answer, so every failure is an AppError. */
export async function fetchProviders(breakers: BreakerRegistry, baseUrl: string): Promise<ProviderInfo[]> {
  let response: Response;
  try {
    response = await breakerFetch(breakers.create(PROVIDER_SIM_BREAKER), `${baseUrl}/v1/providers`);
  } catch (error) {
    if (error instanceof BreakerOpenError)
      throw new AppError(503, 'upstream_circuit_open', 'provider-sim is unavailable (circuit open)');
    if (error instanceof BreakerTimeoutError)
      throw new AppError(504, 'upstream_timeout', 'provider-sim did not answer in time');
    throw new AppError(502, 'upstream_unavailable', 'provider-sim is unreachable', { cause: error });
  }
  const body = response.ok ? ((await response.json().catch(() => null)) as { providers?: unknown }) : null;
  if (!Array.isArray(body?.providers) || !body.providers.every(isProvider)) {
    throw new AppError(502, 'upstream_invalid', `provider-sim answered ${response.status} without providers`);
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
    const response = await breakerFetch(
      breakers.create(BUDGET_BREAKER),
      `${baseUrl}/api/v1/providers/resilience-status`,
    );
    if (!response.ok) return undefined;
    const body = (await response.json()) as ResilienceStatus;
    if (typeof body.breakers !== 'object' || body.breakers === null) return undefined;
    return Object.fromEntries(
      Object.entries(body.breakers).flatMap(([name, breaker]) =>
        typeof breaker?.state === 'string' ? [[name, breaker.state]] : [],
      ),
    );
  } catch {
    // Unreachable, timed out, circuit open or a body that is not JSON: the client span records which.
    return undefined;
  }
}
