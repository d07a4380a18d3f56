import { Redis } from 'ioredis';
import { RedisProcess } from '../../scripts/tooling/redis-process.js';
import { LOAD_CORE, placement } from './processes.js';

/** A private redis-server for the run: no persistence, loopback only, on the driver's (load) core. */
export class BenchRedis {
  private constructor(private readonly server: RedisProcess) {}

  static async start(): Promise<BenchRedis> {
    return new BenchRedis(await RedisProcess.start({ prefix: placement(LOAD_CORE) }));
  }

  get url(): string {
    return this.server.url;
  }

  async version(): Promise<string> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      const info = await client.info('server');
      return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    } finally {
      client.disconnect();
    }
  }

  /** SIGSTOP: connections stay open and nothing is answered, as a hung server behaves. */
  freeze(): void {
    if (!this.server.signal('SIGSTOP')) throw new Error('no redis-server to freeze');
  }

  thaw(): void {
    this.server.signal('SIGCONT');
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
