import type { BreakerOptions } from './types.js';

export const DEFAULT_BREAKER_OPTIONS: Readonly<BreakerOptions> = Object.freeze({
  timeoutMs: 3_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  rollingCountTimeoutMs: 10_000,
  resetTimeoutMs: 5_000,
});

/** Buckets of the rolling window; the window length divided by this is opossum's rotation interval. */
export const ROLLING_COUNT_BUCKETS = 10;

const RULES: Record<keyof BreakerOptions, { min: number; max: number; meaning: string }> = {
  timeoutMs: { min: 1, max: 600_000, meaning: 'per-call timeout in ms' },
  errorThresholdPercentage: { min: 1, max: 100, meaning: 'failure percentage that opens the breaker' },
  volumeThreshold: { min: 0, max: 1_000_000, meaning: 'calls needed in the window before it may open' },
  rollingCountTimeoutMs: { min: 100, max: 3_600_000, meaning: 'rolling window length in ms' },
  resetTimeoutMs: { min: 1, max: 3_600_000, meaning: 'ms an open breaker waits before a half-open probe' },
};

/**
 * Defaults, then registry defaults, then per-breaker options; every value checked, so a bad setting
 * fails at start-up with the breaker's and the option's name rather than misbehaving later.
 */
export function resolveBreakerOptions(
  name: string,
  ...layers: Array<Partial<BreakerOptions> | undefined>
): Readonly<BreakerOptions> {
  const merged: BreakerOptions = { ...DEFAULT_BREAKER_OPTIONS };
  for (const key of Object.keys(RULES) as Array<keyof BreakerOptions>) {
    for (const layer of layers) {
      const value = layer?.[key];
      if (value !== undefined) merged[key] = value;
    }
    const { min, max, meaning } = RULES[key];
    const value = merged[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(
        `breaker '${name}': ${key} (${meaning}) must be an integer from ${min} to ${max}, got ${String(value)}`,
      );
    }
  }
  return Object.freeze(merged);
}
