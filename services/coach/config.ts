import { readCommonConfig, readInt, readSecret, readUrl } from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3004 }),
    budgetUrl: readUrl(env, 'BUDGET_URL', 'http://127.0.0.1:3003'),
    /** Each call to budget must answer within this many ms. */
    budgetTimeoutMs: readInt(env, 'COACH_BUDGET_TIMEOUT_MS', 2_000, { min: 10, max: 60_000 }),
    /** Required here: coach asks budget for the caller's figures, and only a signed identity says who. */
    gatewaySecret: readSecret(env, 'GATEWAY_SECRET'),
  };
}

export type CoachConfig = ReturnType<typeof readConfig>;
