import { readInt, readNumber, readOptionalSecret, readUrl } from '../../instrumentation/config/env.js';

/** The load generator's settings, from its environment. */
export interface LoadConfig {
  /** LOAD_TARGET_URL: the gateway every request goes through. */
  targetUrl: string;
  /** LOAD_RATE: requests started per second (a flood counts as one start). */
  ratePerSecond: number;
  /** LOAD_DURATION_SECONDS: it stops by itself after this long. */
  durationSeconds: number;
  /** LOAD_FLOOD_EVERY: one start in this many is a flood; 0 never floods. */
  floodEvery: number;
  /** LOAD_FLOOD_SIZE: bursts one client sends at once in a flood, past the gateway's burst limit. */
  floodSize: number;
  /**
   * LOAD_ADMIN_TOKEN: the gateway's admin token, to issue each load client a key; unset, every request
   * is anonymous (one client, known by this process's address).
   */
  adminToken: string | undefined;
}

export function readLoadConfig(env: NodeJS.ProcessEnv): LoadConfig {
  return {
    targetUrl: readUrl(env, 'LOAD_TARGET_URL', 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    ratePerSecond: readNumber(env, 'LOAD_RATE', 5, { min: 0.1, max: 200 }),
    durationSeconds: readNumber(env, 'LOAD_DURATION_SECONDS', 300, { min: 1, max: 86_400 }),
    floodEvery: readInt(env, 'LOAD_FLOOD_EVERY', 200, { min: 0 }),
    floodSize: readInt(env, 'LOAD_FLOOD_SIZE', 120, { min: 1, max: 1_000 }),
    adminToken: readOptionalSecret(env, 'LOAD_ADMIN_TOKEN'),
  };
}
