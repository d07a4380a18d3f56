import type { ChildProcess } from 'node:child_process';
import { hasExited, spawnService, stopProcess, waitForReady } from '../tooling/node-process.js';
import { log, pipeOutput } from './output.js';
import { RestartPolicy } from './restart-policy.js';

/** How long one start may take to answer /readyz; a process still not ready then is a failed start. */
const READY_TIMEOUT_MS = 30_000;
/** How long a stopping process may take after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 15_000;

export interface SupervisedSpec {
  /** Names the process in the output: the service, or `service#n` for a replica. */
  label: string;
  entry: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

/**
 * One service process that `npm start` keeps running: when it exits on its own it is started again on
 * the same port, after the RestartPolicy's delay, and each restart is logged with the exit code or
 * signal, the attempt and the delay. A crash loop, or a start that never becomes ready, calls
 * `onGiveUp` with a report: the launcher then stops the stack.
 */
export class SupervisedProcess {
  #child: ChildProcess | undefined;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #everReady = false;
  readonly #policy = new RestartPolicy();
  readonly #firstReady: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (error: Error) => void;

  constructor(
    readonly spec: SupervisedSpec,
    private readonly onGiveUp: (report: string) => void,
  ) {
    this.#firstReady = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    // Rejections are for start()'s caller; an unawaited one must not end the launcher on its own.
    this.#firstReady.catch(() => {});
  }

  /** Starts it; resolves once it first answers /readyz, restarts included; rejects if it gives up. */
  start(): Promise<void> {
    this.#spawn();
    return this.#firstReady;
  }

  /** Stops it for good: no restart after this, even one already scheduled. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    if (this.#child) await stopProcess(this.#child, STOP_GRACE_MS);
  }

  #spawn(): void {
    const { label, entry, port, env } = this.spec;
    const child = spawnService(entry, { env: { ...env, PORT: String(port) }, output: 'pipe' });
    this.#child = child;
    this.#startedAt = Date.now();
    pipeOutput(label, child);
    child.once('exit', (code, signal) => this.#exited(code ?? signal ?? 'unknown'));
    void this.#awaitReady(child);
  }

  async #awaitReady(child: ChildProcess): Promise<void> {
    try {
      await waitForReady(child, `http://127.0.0.1:${this.spec.port}`, {
        what: this.spec.label,
        timeoutMs: READY_TIMEOUT_MS,
      });
    } catch {
      // An exit is the exit handler's to deal with; a process that runs but never gets ready is a failure.
      if (!hasExited(child) && !this.#stopped) {
        this.#giveUp(`${this.spec.label} did not become ready on port ${this.spec.port}`);
      }
      return;
    }
    if (this.#everReady) log(`${this.spec.label} restarted and ready again (pid ${child.pid})`);
    this.#everReady = true;
    this.#resolveReady();
  }

  #exited(how: number | string): void {
    if (this.#stopped) return;
    const now = Date.now();
    const decision = this.#policy.crashed(now, now - this.#startedAt);
    if (!decision.restart) {
      this.#giveUp(
        `${this.spec.label} exited (${how}) and has crashed ${decision.crashes} times within ` +
          `${decision.windowMs / 1000} s: it is crash-looping; see its output above`,
      );
      return;
    }
    log(
      `${this.spec.label} exited (${how}); restarting it in ${decision.delayMs} ms (attempt ${decision.attempt})`,
    );
    this.#timer = setTimeout(() => {
      if (!this.#stopped) this.#spawn();
    }, decision.delayMs);
  }

  #giveUp(report: string): void {
    this.#stopped = true;
    this.#rejectReady(new Error(report));
    this.onGiveUp(report);
  }
}
