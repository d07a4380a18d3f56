import { readCommonConfig, readInt } from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  return {
    ...readCommonConfig(env, { port: 3001 }),
    /** Time a job spends queued, then running, before the worker moves it on. */
    stepMs: readInt(env, 'TRAINING_STEP_MS', 1_000, { min: 10, max: 600_000 }),
    /** How often the worker looks for jobs whose next step is due. */
    pollMs: readInt(env, 'TRAINING_POLL_MS', 100, { min: 10, max: 60_000 }),
    /** How long a claimed step stays with one worker; past it another replica may take the step over. */
    leaseMs: readInt(env, 'TRAINING_LEASE_MS', 30_000, { min: 100, max: 600_000 }),
  };
}

export type TrainingConfig = ReturnType<typeof readConfig>;
