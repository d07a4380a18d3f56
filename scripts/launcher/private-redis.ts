import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redisAnswers, RedisProcess, redisServerInstalled } from '../tooling/redis-process.js';
import { ROOT } from '../tooling/root.js';
import { log, pipeOutput } from './output.js';

export const REDIS_DIR = join(ROOT, '.tmp/redis');
/** Where a launcher that owns the private redis-server leaves its port for the next launcher. */
const REDIS_PORT_FILE = join(REDIS_DIR, 'launcher-port');

/** The Redis the launcher uses, and how to let go of it. */
export interface LauncherRedis {
  url: string;
  /** Whether another launcher runs this Redis, so this one joins its stack (and its secrets). */
  joined: boolean;
  /** Stops the redis-server when this launcher started it; otherwise does nothing. */
  release(): Promise<void>;
}

/**
 * REDIS_URL when set; else the private redis-server another launcher already runs; else a new one,
 * append-only in .tmp/redis so the persistent cache and budgets survive a restart of the stack.
 * Exits the launcher, with a hint, when there is no redis-server to run.
 */
export async function launcherRedis(): Promise<LauncherRedis> {
  const none = () => Promise.resolve();
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, joined: false, release: none };
  mkdirSync(REDIS_DIR, { recursive: true });
  // `npm run start:budget` and `npm run start:web` in two terminals use one Redis, not two processes
  // appending to the same file.
  const shared = existsSync(REDIS_PORT_FILE) ? Number(readFileSync(REDIS_PORT_FILE, 'utf8')) : 0;
  if (shared > 0 && (await redisAnswers(shared))) {
    log(`using the private redis-server another launcher started, on port ${shared}`);
    return { url: `redis://127.0.0.1:${shared}`, joined: true, release: none };
  }
  if (!(await redisServerInstalled())) {
    log(
      'no Redis: set REDIS_URL, install redis-server (apt-get install redis-server), or run `docker compose up`.',
    );
    process.exit(1);
  }
  const redis = await RedisProcess.start({ dataDir: REDIS_DIR, pipeOutput: true });
  // Its output waits in the pipe until read here, so nothing from its start-up is lost.
  if (redis.process) pipeOutput('redis', redis.process);
  writeFileSync(REDIS_PORT_FILE, String(redis.port));
  log(`started a private redis-server on port ${redis.port} (data in .tmp/redis)`);
  return {
    url: redis.url,
    joined: false,
    release: async () => {
      rmSync(REDIS_PORT_FILE, { force: true });
      await redis.stop();
    },
  };
}
