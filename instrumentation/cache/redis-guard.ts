import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { OutageLog } from '../redis/outage-log.js';

class CacheTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`redis did not answer within ${timeoutMs} ms`);
    this.name = 'CacheTimeoutError';
  }
}

class RedisUnavailableError extends Error {
  constructor(status: string) {
    super(`redis connection is ${status}`);
    this.name = 'RedisUnavailableError';
  }
}

export type Guarded<R> = { ok: true; value: R } | { ok: false; error: Error };

const STARTING = new Set(['wait', 'connecting', 'connect']);

/**
 * Runs Redis commands so that a dead or hung Redis costs a caller at most `timeoutMs` and never an
 * exception, and an outage is logged once when it starts and once when it ends, not per call.
 */
export class RedisGuard {
  private readonly outage: OutageLog;
  private everReady: boolean;

  constructor(
    private readonly redis: Redis,
    private readonly options: {
      cacheName: string;
      timeoutMs: number;
      logger: Logger | undefined;
      onError: () => void;
    },
  ) {
    this.outage = new OutageLog(
      options.logger,
      {
        down: 'cache: Redis unavailable, serving from L1 and the factory until it returns',
        up: 'cache: Redis available again, L2 in use',
      },
      { cache: options.cacheName },
    );
    this.everReady = redis.status === 'ready';
    if (!this.everReady) redis.once('ready', () => (this.everReady = true));
  }

  get isAvailable(): boolean {
    return !this.outage.down;
  }

  async run<R>(command: (redis: Redis) => Promise<R>): Promise<Guarded<R>> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new CacheTimeoutError(this.options.timeoutMs)),
          this.options.timeoutMs,
        );
      });
      const value = await Promise.race([this.whenReady().then(() => command(this.redis)), timeout]);
      this.recovered();
      return { ok: true, value };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.failed(failure);
      return { ok: false, error: failure };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Without an offline queue a command sent before the first connection completes fails at once, which
   * would make every cache look down for its first milliseconds; so wait for that first connection (within
   * the timeout). After it, a client that is not ready is an outage and fails fast.
   */
  private async whenReady(): Promise<void> {
    const status = this.redis.status;
    if (status === 'ready') return;
    if (this.everReady || !STARTING.has(status)) throw new RedisUnavailableError(status);
    if (status === 'wait') void this.redis.connect().catch(() => {});
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        this.redis.off('end', onEnd);
        resolve();
      };
      const onEnd = () => {
        this.redis.off('ready', onReady);
        reject(new RedisUnavailableError('end'));
      };
      this.redis.once('ready', onReady);
      this.redis.once('end', onEnd);
      // The caller's timeout bounds the wait; drop the listeners then too.
      setTimeout(() => {
        this.redis.off('ready', onReady);
        this.redis.off('end', onEnd);
      }, this.options.timeoutMs).unref();
    });
  }

  private failed(error: Error): void {
    this.options.onError();
    this.outage.failed(error);
  }

  private recovered(): void {
    this.outage.recovered();
  }
}
