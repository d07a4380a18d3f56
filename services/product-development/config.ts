import { readCommonConfig } from '../../instrumentation/index.js';

export function readConfig(env: NodeJS.ProcessEnv) {
  return readCommonConfig(env, { port: 3009 });
}

export type ProductConfig = ReturnType<typeof readConfig>;
