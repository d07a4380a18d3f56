import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

export interface RedisProcessOptions {
  /** Folder of its append-only file; without one it persists nothing. */
  dataDir?: string;
  /** fsync of the append-only file: `always` loses nothing to a SIGKILL, `everysec` is Redis's default. */
  fsync?: 'always' | 'everysec';
  /** Words run in front of redis-server, e.g. `taskset -c 1`. */
  prefix?: readonly string[];
  /** Pipe its output for the caller to read (`process`), instead of discarding it. */
  pipeOutput?: boolean;
}

const HINT = 'redis-server could not start (Debian: apt-get install redis-server)';

/** Whether a Redis on the port answers PING. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (answer: boolean) => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => finish(chunk.toString('utf8').startsWith('+PONG')));
  });
}

/** Whether redis-server can be run at all. */
export function redisServerInstalled(): Promise<boolean> {
  return new Promise((done) => {
    const probe = spawn('redis-server', ['--version'], { stdio: 'ignore' });
    probe.once('error', () => done(false));
    probe.once('exit', (code) => done(code === 0));
  });
}

/**
 * A private redis-server on loopback, on a port of its own that it keeps: it can be stopped and
 * started again on the same port, and with a data folder it comes back with its data, as a real
 * outage and recovery would. RDB snapshots are off; persistence, when asked for, is the append-only file.
 */
export class RedisProcess {
  private child: ChildProcess | undefined;
  private spawnError: Error | undefined;

  constructor(
    readonly port: number,
    private readonly options: RedisProcessOptions = {},
  ) {}

  static async start(options: RedisProcessOptions = {}): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort(), options);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The running redis-server, while there is one. */
  get process(): ChildProcess | undefined {
    return this.child;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const { dataDir, fsync = 'everysec', prefix = [] } = this.options;
    const persistence = dataDir
      ? ['--appendonly', 'yes', '--appendfsync', fsync, '--dir', dataDir]
      : ['--appendonly', 'no'];
    const argv = [
      ...prefix,
      'redis-server',
      ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', ''],
      ...persistence,
    ];
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: [
        'ignore',
        this.options.pipeOutput ? 'pipe' : 'ignore',
        this.options.pipeOutput ? 'pipe' : 'ignore',
      ],
    });
    this.child = child;
    this.spawnError = undefined;
    child.once('error', (error) => (this.spawnError = error));
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await waitFor(async () => ((await redisAnswers(this.port)) ? true : undefined), {
      what: `redis-server on ${this.port}`,
      intervalMs: 100,
      giveUp: () => {
        if (this.spawnError) return `${HINT}: ${this.spawnError.message}`;
        return this.child === child
          ? undefined
          : `${HINT}: it exited (${child.exitCode ?? child.signalCode})`;
      },
    });
  }

  /**
   * SIGSTOP freezes it: connections stay open and nothing is answered, as a hung server behaves.
   * SIGCONT lets it answer again. Returns false when no server runs.
   */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): boolean {
    return this.child?.kill(signal) ?? false;
  }

  /** Stops it: SIGTERM lets it flush and exit, SIGKILL is a crash. Resolves once it is gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }
}
