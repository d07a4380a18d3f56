import { describe, expect, it } from 'vitest';
import { readCommonConfig } from '../../instrumentation/config/common.js';
import {
  ConfigError,
  readBoolean,
  readInt,
  readOptionalSecret,
  readUrl,
} from '../../instrumentation/config/env.js';
import { readConfig as readProviderSimConfig } from '../../services/provider-sim/config.js';

describe('typed configuration', () => {
  it('when a variable is unset, then its default is used', () => {
    expect(readInt({}, 'PORT', 3000)).toBe(3000);
    expect(readBoolean({}, 'FLAG', true)).toBe(true);
  });

  it('when a number is not a number or out of range, then the error names the variable', () => {
    expect(() => readInt({ PORT: 'abc' }, 'PORT', 1)).toThrow(/PORT: must be an integer, got "abc"/);
    expect(() => readInt({ PORT: '1.5' }, 'PORT', 1)).toThrow(ConfigError);
    expect(() => readInt({ N: '0' }, 'N', 1, { min: 1 })).toThrow(/N: must be at least 1/);
  });

  it('when a URL is malformed, then the error names the variable', () => {
    expect(() => readUrl({ REDIS_URL: 'not a url' }, 'REDIS_URL')).toThrow(/REDIS_URL: must be a URL/);
    expect(readUrl({ U: 'http://x:1/' }, 'U')).toBe('http://x:1');
  });

  it('when OTEL_SERVICE_NAME is missing, then the common config refuses to load', () => {
    expect(() => readCommonConfig({}, { port: 1 })).toThrow(/OTEL_SERVICE_NAME: is required/);
  });

  it('when the common config loads, then defaults match the documented contract', () => {
    const config = readCommonConfig({ OTEL_SERVICE_NAME: 'web' }, { port: 3000 });
    expect(config).toMatchObject({
      serviceName: 'web',
      port: 3000,
      bodyLimitBytes: 102400,
      trustProxyHops: 0,
    });
  });
});

describe('secrets in the configuration', () => {
  const long = 'a'.repeat(32);

  it('when a secret is unset, then the feature it guards is off; when too short or spaced, then start-up stops without echoing it', () => {
    expect(readOptionalSecret({}, 'ADMIN_TOKEN')).toBeUndefined();
    expect(readOptionalSecret({ ADMIN_TOKEN: long }, 'ADMIN_TOKEN')).toBe(long);
    for (const bad of ['short-token', `${'a'.repeat(20)} ${'b'.repeat(20)}`]) {
      expect(() => readOptionalSecret({ ADMIN_TOKEN: bad }, 'ADMIN_TOKEN')).toThrow(
        /ADMIN_TOKEN: must be at least 32/,
      );
      try {
        readOptionalSecret({ ADMIN_TOKEN: bad }, 'ADMIN_TOKEN');
      } catch (error) {
        expect((error as Error).message).not.toContain(bad);
      }
    }
  });

  it('when web, coach or segmentation has no GATEWAY_SECRET, then it refuses to start, naming it', async () => {
    for (const service of ['web', 'coach', 'segmentation']) {
      const { readConfig } = (await import(`../../services/${service}/config.ts`)) as {
        readConfig: (env: NodeJS.ProcessEnv) => unknown;
      };
      const env = {
        OTEL_SERVICE_NAME: service,
        GATEWAY_UPSTREAMS: 'budget=http://127.0.0.1:3003',
        GATEWAY_ROUTES: 'GET /api/v1/budget=budget',
      };
      expect(() => readConfig(env), service).toThrow(/GATEWAY_SECRET: is required/);
      expect(() => readConfig({ ...env, GATEWAY_SECRET: long }), service).not.toThrow();
    }
  });

  it('when provider-sim is given no HOST, then it listens on loopback only', () => {
    expect(readProviderSimConfig({ OTEL_SERVICE_NAME: 'provider-sim' }).host).toBe('127.0.0.1');
    expect(readCommonConfig({ OTEL_SERVICE_NAME: 'budget' }, { port: 3003 }).host).toBe('0.0.0.0');
  });
});
