import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { isRedisUnavailable } from '../../instrumentation/redis/unavailable.js';
import { freePort } from '../../scripts/tooling/free-port.js';

describe('Redis unavailability', () => {
  it('when a fail-fast client has no server, then its rejection counts as unavailable', async () => {
    const client = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    const error = await client.get('k').catch((e: unknown) => e);
    expect(isRedisUnavailable(error)).toBe(true);
    client.disconnect();
  });

  it('when an error is a bad command or not an error at all, then it is not unavailability', () => {
    expect(isRedisUnavailable(new Error('ERR wrong number of arguments'))).toBe(false);
    expect(isRedisUnavailable('ECONNREFUSED')).toBe(false);
  });
});
