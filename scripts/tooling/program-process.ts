import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './root.js';
import { waitFor } from './wait-for.js';

const LOG_DIR = join(ROOT, '.tmp/logs');

export interface ProgramSpec {
  /** A short name for logs and errors: otelcol, jaeger, prometheus. */
  name: string;
  binary: string;
  args: string[];
  env?: Record<string, string>;
  /** A URL that answers 200 once the program is ready to work. */
  readyUrl: string;
  readyTimeoutMs?: number;
}

/**
 * One of the pipeline's Go programs (collector, Jaeger, Prometheus) as a child process: output to a log
 * file, ready when its health URL answers 200, stopped with SIGTERM so it shuts down as it would in a
 * container, and startable again with the same arguments, hence on the same ports.
 */
export class ProgramProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> | undefined;
  readonly logFile: string;

  constructor(readonly spec: ProgramSpec) {
    mkdirSync(LOG_DIR, { recursive: true });
    this.logFile = join(LOG_DIR, `${spec.name}-${process.pid}-${Date.now()}.log`);
  }

  static async start(spec: ProgramSpec): Promise<ProgramProcess> {
    const program = new ProgramProcess(spec);
    await program.start();
    return program;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const fd = openSync(this.logFile, 'a');
    const child = spawn(this.spec.binary, this.spec.args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...this.spec.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exit = new Promise((done) => child.once('exit', (code) => done(code)));
    await this.ready();
  }

  /** Waits until the health URL answers 200; fails at once, with its log, if the program exits first. */
  async ready(): Promise<void> {
    let stopWaiting = false;
    const healthy = waitFor(
      async () => {
        if (stopWaiting) return true;
        const res = await fetch(this.spec.readyUrl, { signal: AbortSignal.timeout(2_000) }).catch(
          () => undefined,
        );
        return res?.status === 200 ? true : undefined;
      },
      { timeoutMs: this.spec.readyTimeoutMs ?? 30_000, intervalMs: 100, what: `${this.spec.name} ready` },
    );
    const exited = this.exited().then((code) => {
      throw new Error(`${this.spec.name} exited (${code}) before it was ready: ${this.log().slice(-3000)}`);
    });
    try {
      await Promise.race([healthy, exited]);
    } finally {
      stopWaiting = true;
      exited.catch(() => {});
      await healthy.catch(() => {});
    }
  }

  /** Resolves with the exit code (null when killed by a signal). */
  exited(): Promise<number | null> {
    return this.exit ?? Promise.resolve(null);
  }

  /** SIGTERM and a graceful shutdown; SIGKILL if it has not exited within `timeoutMs`. */
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
