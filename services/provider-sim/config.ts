import {
  readCommonConfig,
  readNumber,
  readOptionalSecret,
  readOptionalString,
  ConfigError,
} from '../../instrumentation/index.js';
import { DEFAULT_PROVIDERS, parseProviders, type ProviderSpec } from './domain/providers.js';

export interface ProviderSimConfig extends ReturnType<typeof readCommonConfig> {
  providers: ProviderSpec[];
  /** Multiplies every provider's latency: 0.1 makes a test run ten times faster, same shape. */
  latencyScale: number;
  /** Bearer token of the fault-injection routes; unset, those routes do not exist. */
  adminToken: string | undefined;
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
    // Loopback unless told otherwise: only budget on this host calls it (a container sets HOST=0.0.0.0).
    ...readCommonConfig(env, { port: 3010, host: '127.0.0.1' }),
    providers,
    latencyScale: readNumber(env, 'PROVIDER_LATENCY_SCALE', 1, { min: 0, max: 100 }),
    adminToken: readOptionalSecret(env, 'ADMIN_TOKEN'),
  };
}
