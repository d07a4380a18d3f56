import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/tooling/free-port.js';
import { hasExited, spawnService, stopProcess, waitForReady } from '../../scripts/tooling/node-process.js';
import { ROOT } from '../../scripts/tooling/root.js';

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
 * log file the test can print when it fails. It can be stopped and started again on the same port.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> | undefined;
  readonly logFile: string;

  private constructor(
    readonly spec: ServiceSpec,
    readonly port: number,
  ) {
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

  /** The running process's id: `process.pid` on the resource of every span it exports. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && !hasExited(this.child);
  }

  async start(): Promise<void> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      OTEL_SERVICE_NAME: this.spec.name,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      // Short, so a test waiting on exported metrics waits half a second, not the default minute.
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      LOG_LEVEL: 'info',
      ...this.spec.env,
      [this.spec.portVariable ?? 'PORT']: String(this.port),
    };
    // Appended: a restarted service's log follows its first run's.
    const child = spawnService(this.spec.entry, { env, output: { file: this.logFile, append: true } });
    this.child = child;
    this.exit = new Promise((done) => child.once('exit', (code) => done(code)));
    if (this.spec.noWait) return;
    await waitForReady(child, this.url, { what: this.spec.name, detail: () => this.log().slice(-2000) });
  }

  /** Resolves with the exit code (null when killed by a signal). */
  exited(): Promise<number | null> {
    return this.exit ?? Promise.resolve(null);
  }

  /** SIGTERM, then the exit code; SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    return stopProcess(child, timeoutMs);
  }

  /** SIGKILL: the process gets no chance to drain. Resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || hasExited(child)) return;
    const gone = this.exited();
    child.kill('SIGKILL');
    await gone;
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }
}
