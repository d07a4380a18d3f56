import { readBoolean, readCommonConfig, readInt, readNumber, readUrl } from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3000 }),
    budgetUrl: readUrl(env, 'BUDGET_URL', 'http://127.0.0.1:3003'),
    reportsUrl: readUrl(env, 'REPORTS_URL', 'http://127.0.0.1:3008'),
    trainingUrl: readUrl(env, 'TRAINING_URL', 'http://127.0.0.1:3001'),
    metaUrl: readUrl(env, 'META_URL', 'http://127.0.0.1:3002'),
    coachUrl: readUrl(env, 'COACH_URL', 'http://127.0.0.1:3004'),
    segmentationUrl: readUrl(env, 'SEGMENTATION_URL', 'http://127.0.0.1:3005'),
    capabilitiesUrl: readUrl(env, 'CAPABILITIES_URL', 'http://127.0.0.1:3006'),
    cupUrl: readUrl(env, 'CUP_URL', 'http://127.0.0.1:3007'),
    productDevelopmentUrl: readUrl(env, 'PRODUCT_DEVELOPMENT_URL', 'http://127.0.0.1:3009'),
    apiCapacity: readInt(env, 'API_RATE_CAPACITY', 1_000, { min: 1 }),
    apiRefillPerSecond: readNumber(env, 'API_RATE_REFILL_PER_SECOND', 100, { min: 0.001 }),
    upstreamTimeoutMs: readInt(env, 'UPSTREAM_TIMEOUT_MS', 10_000, { min: 10, max: 120_000 }),
    /** Head sampling at the edge; OTEL_TRACES_SAMPLER overrides it. */
    sampleRatio: readNumber(env, 'TRACE_SAMPLE_RATIO', 0.1, { min: 0, max: 1 }),
    /** Whether a caller's sampled `traceparent` forces sampling; off: outsiders cannot inflate traces. */
    trustRemoteParent: readBoolean(env, 'TRACE_TRUST_REMOTE_PARENT', false),
  };
}

export type WebConfig = ReturnType<typeof readConfig>;
