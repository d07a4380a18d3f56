import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, LOAD_CORE, placed, stopProcess, waitUntil } from './processes.js';

/** A private redis-server for the run: no persistence, loopback only, on the driver's (load) core. */
export class BenchRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<BenchRedis> {
    const port = await freePort();
    const { command, args } = placed(LOAD_CORE, [
      'redis-server',
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    ]);
    const child = spawn(command, args, { stdio: 'ignore' });
    const failed = new Promise<never>((_, fail) => {
      const hint = 'redis-server could not start (Debian: apt-get install redis-server)';
      child.once('error', (error) => fail(new Error(`${hint}: ${error.message}`)));
      child.once('exit', (code) => fail(new Error(`${hint}: exit code ${code}`)));
    });
    const redis = new BenchRedis(child, port);
    await Promise.race([waitUntil(() => redis.ping(), `redis-server on ${port}`), failed]);
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
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

  private async ping(): Promise<boolean> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  }

  stop(): Promise<void> {
    return stopProcess(this.child);
  }
}
