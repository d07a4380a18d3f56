import { readCommonConfig, readInt, readNumber, readString, readUrl } from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  const common = readCommonConfig(env, { port: 3003 });
  return {
    ...common,
    providerSimUrl: readUrl(env, 'PROVIDER_SIM_URL', 'http://127.0.0.1:3010'),
    /** The provider names a burst may name; a burst without `providers` goes to all of them. */
    providers: readString(env, 'PROVIDERS', 'alpha,beta,gamma')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    burstCapacity: readInt(env, 'BURST_RATE_CAPACITY', 100, { min: 1 }),
    burstRefillPerSecond: readNumber(env, 'BURST_RATE_REFILL_PER_SECOND', 10, { min: 0.001 }),
    burstCacheTtlMs: readInt(env, 'BURST_CACHE_TTL_MS', 5_000, { min: 1 }),
    budgetLimitUsd: readNumber(env, 'BUDGET_LIMIT_USD', 10, { min: 0 }),
    providerTimeoutMs: readInt(env, 'PROVIDER_TIMEOUT_MS', 3_000, { min: 10, max: 60_000 }),
    breakerErrorThresholdPercentage: readInt(env, 'BREAKER_ERROR_THRESHOLD_PERCENT', 50, {
      min: 1,
      max: 100,
    }),
    breakerVolumeThreshold: readInt(env, 'BREAKER_VOLUME_THRESHOLD', 5, { min: 1 }),
    breakerResetTimeoutMs: readInt(env, 'BREAKER_RESET_TIMEOUT_MS', 5_000, { min: 10 }),
    spendJournalMaxClients: readInt(env, 'SPEND_JOURNAL_MAX_CLIENTS', 10_000, { min: 1 }),
  };
}

export type BudgetConfig = ReturnType<typeof readConfig>;
