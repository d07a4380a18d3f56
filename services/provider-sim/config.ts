import {
  readCommonConfig,
  readNumber,
  readOptionalString,
  ConfigError,
} from '../../instrumentation/index.js';
import { DEFAULT_PROVIDERS, parseProviders, type ProviderSpec } from './domain/providers.js';

export interface ProviderSimConfig extends ReturnType<typeof readCommonConfig> {
  providers: ProviderSpec[];
  /** Multiplies every provider's latency: 0.1 makes a test run ten times faster, same shape. */
  latencyScale: number;
}

export function readConfig(env: NodeJS.ProcessEnv): ProviderSimConfig {
  const json = readOptionalString(env, 'PROVIDERS_JSON');
  let providers = DEFAULT_PROVIDERS;
  if (json) {
    try {
      providers = parseProviders(JSON.parse(json));
    } catch (error) {
      throw new ConfigError('PROVIDERS_JSON', (error as Error).message);
    }
  }
  return {
    ...readCommonConfig(env, { port: 3010 }),
    providers,
    latencyScale: readNumber(env, 'PROVIDER_LATENCY_SCALE', 1, { min: 0, max: 100 }),
  };
}
