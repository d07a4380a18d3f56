import { describe, expect, it } from 'vitest';
import { readCommonConfig } from '../../instrumentation/config/common.js';
import { ConfigError, readBoolean, readInt, readUrl } from '../../instrumentation/config/env.js';

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
