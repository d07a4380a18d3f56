import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { closeRedis } from '../redis/client.js';
import { RedisCircuit, type RedisCircuitOptions } from '../redis/circuit.js';
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

  /**
   * The process's Redis: its one circuit and a fail-fast client behind it (see RedisCircuit.connect),
   * both closed on shutdown, the circuit after every client created after it. Other clients that must
   * fail fast together (the limiter's) take the same circuit.
   */
  redis(
    url: string,
    connectionName: string,
    options: RedisCircuitOptions,
  ): { redis: Redis; circuit: RedisCircuit } {
    const circuit = this.own('redis-circuit', new RedisCircuit(options), (c) => c.stop());
    return {
      redis: this.own(`redis:${connectionName}`, circuit.connect(url, connectionName), closeRedis),
      circuit,
    };
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
