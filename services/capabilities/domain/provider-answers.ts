import { AppError } from '../../../instrumentation/index.js';

/** The state shown for a provider whose breaker budget did not report (or budget is unreachable). */
export const UNKNOWN_STATE = 'unknown';

/** One provider as provider-sim's `GET /v1/providers` describes it. */
export interface ProviderInfo {
  name: string;
  model: string;
  pricePer1kTokensUsd: number;
  latency: { meanMs: number; jitterMs: number };
  limits: { maxTokens: number };
}

export interface ProviderCapability extends ProviderInfo {
  breakerState: string;
}

function isProvider(value: unknown): value is ProviderInfo {
  const p = value as Partial<ProviderInfo> | null;
  return typeof p?.name === 'string' && typeof p.model === 'string';
}

/**
 * provider-sim's catalogue from its answer (`body` null when it was not a 2xx or not JSON). Without a
 * list of named providers there is nothing to answer: a 502 `upstream_invalid`.
 */
export function providersFrom(status: number, body: unknown): ProviderInfo[] {
  const providers = (body as { providers?: unknown } | null)?.providers;
  if (!Array.isArray(providers) || !providers.every(isProvider)) {
    throw new AppError(502, 'upstream_invalid', `provider-sim answered ${status} without providers`);
  }
  return providers;
}

/** Breaker states by name from budget's resilience status; undefined when it does not say. */
export function breakerStatesFrom(body: unknown): Record<string, string> | undefined {
  const breakers = (body as { breakers?: Record<string, { state?: unknown } | null> | null } | null)
    ?.breakers;
  if (typeof breakers !== 'object' || breakers === null) return undefined;
  return Object.fromEntries(
    Object.entries(breakers).flatMap(([name, breaker]) =>
      typeof breaker?.state === 'string' ? [[name, breaker.state]] : [],
    ),
  );
}

/** Each provider with the state of its breaker in budget (`provider:<name>`), or unknown. */
export function withBreakerStates(
  providers: readonly ProviderInfo[],
  states: Record<string, string> | undefined,
): ProviderCapability[] {
  return providers.map((p) => ({
    name: p.name,
    model: p.model,
    pricePer1kTokensUsd: p.pricePer1kTokensUsd,
    latency: p.latency,
    limits: p.limits,
    breakerState: states?.[`provider:${p.name}`] ?? UNKNOWN_STATE,
  }));
}
