import { readCommonConfig, readInt, readTargets, type ServiceTarget } from '../../instrumentation/index.js';

export type CatalogTarget = ServiceTarget;

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3002 }),
    targets: readTargets(env, 'CATALOG_TARGETS'),
    /** Each service's health and version checks must answer within this many ms. */
    checkTimeoutMs: readInt(env, 'META_CHECK_TIMEOUT_MS', 1_000, { min: 10, max: 60_000 }),
  };
}

export type MetaConfig = ReturnType<typeof readConfig>;
