import { AppError, upstreamJson, type BreakerRegistry } from '../../../instrumentation/index.js';
import { breakerStatesFrom, providersFrom, type ProviderInfo } from './provider-answers.js';

export const PROVIDER_SIM_BREAKER = 'provider-sim';
export const BUDGET_BREAKER = 'budget';

/** provider-sim's catalogue. Without it there is nothing to answer, so every failure propagates. */
export async function fetchProviders(breakers: BreakerRegistry, baseUrl: string): Promise<ProviderInfo[]> {
  const breaker = breakers.getOrCreate(PROVIDER_SIM_BREAKER);
  return providersFrom(200, await upstreamJson<unknown>(breaker, `${baseUrl}/v1/providers`));
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
    const body = await upstreamJson<unknown>(
      breakers.getOrCreate(BUDGET_BREAKER),
      `${baseUrl}/api/v1/providers/resilience-status`,
    );
    return breakerStatesFrom(body);
  } catch (error) {
    // Unreachable, timed out, circuit open, a failing answer or one that is not JSON: the client span
    // records which. Anything else is a bug here and propagates.
    if (error instanceof AppError) return undefined;
    throw error;
  }
}
