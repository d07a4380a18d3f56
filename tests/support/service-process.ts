import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BOOTSTRAP = join(ROOT, 'dist/instrumentation/register.js');
const LOG_DIR = join(ROOT, '.tmp/logs');

export interface ServiceSpec {
  /** OTEL_SERVICE_NAME, and the log file's name. */
  name: string;
  /** The built entry point, relative to the repository root, e.g. dist/services/web/main.js. */
  entry: string;
  env?: Record<string, string>;
  /** The variable that sets the port; PORT unless the service reads another. */
  portVariable?: string;
  /** Skip waiting for /readyz (for processes expected to fail at start-up). */
  noWait?: boolean;
}

/**
 * A service started exactly as production starts it: `node --import <bootstrap> <entry>`, output to a
 * log file the test can print when it fails.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> | undefined;
  readonly logFile: string;

  private constructor(
    readonly spec: ServiceSpec,
    readonly port: number,
  ) {
    mkdirSync(LOG_DIR, { recursive: true });
    this.logFile = join(LOG_DIR, `${spec.name}-${port}.log`);
  }

  static async start(spec: ServiceSpec): Promise<ServiceProcess> {
    const service = new ServiceProcess(
      spec,
      Number(spec.env?.[spec.portVariable ?? 'PORT']) || (await freePort()),
    );
    await service.start();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const fd = openSync(this.logFile, 'a');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      OTEL_SERVICE_NAME: this.spec.name,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      LOG_LEVEL: 'info',
      ...this.spec.env,
      [this.spec.portVariable ?? 'PORT']: String(this.port),
    };
    const child = spawn(process.execPath, ['--import', BOOTSTRAP, join(ROOT, this.spec.entry)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exit = new Promise((done) => child.once('exit', (code) => done(code)));
    if (this.spec.noWait) return;
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`${this.spec.name} exited: ${this.log().slice(-2000)}`);
        const res = await fetch(`${this.url}/readyz`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: `${this.spec.name} /readyz` },
    );
  }

  /** Resolves with the exit code (null when killed by a signal). */
  exited(): Promise<number | null> {
    return this.exit ?? Promise.resolve(null);
  }

  /** SIGTERM, then the exit code; SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited();
    clearTimeout(timer);
    return code;
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }
}
