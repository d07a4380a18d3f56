import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisProcess } from '../../scripts/tooling/redis-process.js';

/**
 * A private redis-server for one test file, persisting into a temporary folder (never the repository).
 * `stop()` kills it like a crash, and `start()` brings it back on the same port with its data
 * (append-only, fsync always), like the compose stack's Redis after an outage.
 */
export class RedisServer {
  private constructor(
    private readonly server: RedisProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'otel-stack-redis-'));
    return new RedisServer(await RedisProcess.start({ dataDir: dir, fsync: 'always' }), dir);
  }

  get port(): number {
    return this.server.port;
  }

  get url(): string {
    return this.server.url;
  }

  start(): Promise<void> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop('SIGKILL');
  }

  /** Frozen (SIGSTOP): it keeps its connections and answers nothing until `thaw()`. */
  freeze(): void {
    if (!this.server.signal('SIGSTOP')) throw new Error('no redis-server to freeze');
  }

  thaw(): void {
    this.server.signal('SIGCONT');
  }

  /** A client for assertions on Redis state. The caller quits it. */
  client(): Redis {
    return new Redis(this.url, { maxRetriesPerRequest: 1, lazyConnect: false });
  }

  async destroy(): Promise<void> {
    // A test that failed while Redis was frozen leaves it stopped; SIGKILL works either way, thawing is tidy.
    this.thaw();
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
