import {
  ConfigError,
  readCommonConfig,
  readInt,
  readNumber,
  readSecret,
  readUrl,
} from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  const tiers = {
    /** Spend (USD today) from which a client is `regular` rather than `light` (any spend is at least light). */
    regularFromUsd: readNumber(env, 'SEGMENT_REGULAR_FROM_USD', 0.01, { min: 0.000001 }),
    /** Spend from which a client is `heavy`. */
    heavyFromUsd: readNumber(env, 'SEGMENT_HEAVY_FROM_USD', 1, { min: 0 }),
    /** Requests today from which a client's volume is `medium` rather than `low`. */
    mediumFromRequests: readInt(env, 'SEGMENT_MEDIUM_FROM_REQUESTS', 10, { min: 1 }),
    /** Requests today from which a client's volume is `high`. */
    highFromRequests: readInt(env, 'SEGMENT_HIGH_FROM_REQUESTS', 100, { min: 1 }),
  };
  if (tiers.heavyFromUsd <= tiers.regularFromUsd) {
    throw new ConfigError('SEGMENT_HEAVY_FROM_USD', 'must be above SEGMENT_REGULAR_FROM_USD');
  }
  if (tiers.highFromRequests <= tiers.mediumFromRequests) {
    throw new ConfigError('SEGMENT_HIGH_FROM_REQUESTS', 'must be above SEGMENT_MEDIUM_FROM_REQUESTS');
  }
  return {
    ...readCommonConfig(env, { port: 3005 }),
    budgetUrl: readUrl(env, 'BUDGET_URL', 'http://127.0.0.1:3003'),
    /** The call to budget must answer within this many ms. */
    budgetTimeoutMs: readInt(env, 'SEGMENTATION_BUDGET_TIMEOUT_MS', 2_000, { min: 10, max: 60_000 }),
    /** Required here: budget answers the day's clients only to a caller that signs with it. */
    gatewaySecret: readSecret(env, 'GATEWAY_SECRET'),
    tiers,
  };
}

export type SegmentationConfig = ReturnType<typeof readConfig>;
export type Tiers = SegmentationConfig['tiers'];
