import { readCommonConfig, readInt, readTargets, type ServiceTarget } from '../../instrumentation/index.js';

export type ReportTarget = ServiceTarget;

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3008 }),
    targets: readTargets(env, 'REPORT_TARGETS'),
    reportCacheTtlMs: readInt(env, 'REPORT_CACHE_TTL_MS', 10_000, { min: 1 }),
    fetchTimeoutMs: readInt(env, 'REPORT_FETCH_TIMEOUT_MS', 2_000, { min: 10, max: 60_000 }),
  };
}

export type ReportsConfig = ReturnType<typeof readConfig>;
