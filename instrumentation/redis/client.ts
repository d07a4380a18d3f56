import { Redis, type RedisOptions } from 'ioredis';

/**
 * An ioredis client that fails fast while Redis is away. The default offline queue holds commands for
 * as long as reconnection takes (about 70 s here), so every caller would hang; with it off a command
 * rejects at once and callers fall back. Reconnection keeps trying, so Redis coming back is picked up
 * without a restart.
 */
export function createRedis(url: string, name: string, overrides: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 5), 1_000),
    ...overrides,
  });
  // Without a listener ioredis prints every reconnect error; the owners log outages once instead.
  client.on('error', () => {});
  return client;
}

export async function closeRedis(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** Resolves true when Redis answers PING within `timeoutMs`. */
export async function pingRedis(client: Redis, timeoutMs = 500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    return (await Promise.race([client.ping(), timeout])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
