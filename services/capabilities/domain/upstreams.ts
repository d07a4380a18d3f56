import {
  AppError,
  BreakerOpenError,
  BreakerTimeoutError,
  breakerFetch,
  type BreakerRegistry,
} from '../../../instrumentation/index.js';
import { breakerStatesFrom, providersFrom, type ProviderInfo } from './provider-answers.js';

export const PROVIDER_SIM_BREAKER = 'provider-sim';
export const BUDGET_BREAKER = 'budget';

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
  return providersFrom(response.status, response.ok ? await response.json().catch(() => null) : null);
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
    return breakerStatesFrom(await response.json());
  } catch {
    // Unreachable, timed out, circuit open or a body that is not JSON: the client span records which.
    return undefined;
  }
}
