import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { closeRedis, createRedis } from '../redis/client.js';
import { TokenBucketLimiter } from '../rate-limit/token-bucket-limiter.js';
import type { TokenBucketOptions } from '../rate-limit/types.js';

interface Owned {
  name: string;
  close: () => Promise<void> | void;
}

/**
 * What a service holds open (clients, limiters, breakers, workers), each registered with how it closes
 * in the same call that creates it, so shutdown cannot forget one. `serve()` closes them, newest first,
 * after the server stops taking requests: a worker or journal still writing finds its Redis open.
 */
export class Resources {
  readonly #owned: Owned[] = [];

  /** Registers `resource` with its clean-up and returns it. */
  own<T>(name: string, resource: T, close: (resource: T) => Promise<void> | void): T {
    this.#owned.push({ name, close: () => close(resource) });
    return resource;
  }

  /** A fail-fast Redis client (see createRedis), closed on shutdown. */
  redis(url: string, connectionName: string): Redis {
    return this.own(`redis:${connectionName}`, createRedis(url, connectionName), closeRedis);
  }

  /** A rate limiter (with its own Redis connection for its Lua script), closed on shutdown. */
  limiter(options: TokenBucketOptions): TokenBucketLimiter {
    return this.own(`limiter:${options.name}`, new TokenBucketLimiter(options), (limiter) => limiter.close());
  }

  /** Closes everything, newest first; a failing clean-up is logged and the others still run. */
  async closeAll(logger: Logger): Promise<void> {
    for (const owned of this.#owned.splice(0).reverse()) {
      try {
        await owned.close();
      } catch (error) {
        logger.warn({ err: error, resource: owned.name }, 'closing a resource failed');
      }
    }
  }
}
