import { readCommonConfig, readInt, readUrl } from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3006 }),
    providerSimUrl: readUrl(env, 'PROVIDER_SIM_URL', 'http://127.0.0.1:3010'),
    budgetUrl: readUrl(env, 'BUDGET_URL', 'http://127.0.0.1:3003'),
    /** How long a merged view is served from the cache: breaker states may be this stale. */
    cacheTtlMs: readInt(env, 'CAPABILITIES_CACHE_TTL_MS', 5_000, { min: 1 }),
    /** Per-call limit on provider-sim and budget, so a hung upstream cannot hang the answer. */
    upstreamTimeoutMs: readInt(env, 'CAPABILITIES_UPSTREAM_TIMEOUT_MS', 2_000, { min: 10, max: 60_000 }),
  };
}

export type CapabilitiesConfig = ReturnType<typeof readConfig>;
