import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BOOTSTRAP_ENTRY } from '../stack-definition.js';
import { ROOT } from './root.js';
import { waitFor } from './wait-for.js';

export interface NodeSpawnOptions {
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /**
   * Where stdout and stderr go: a log file (created with its folder; `append` keeps what a previous run
   * of the same process wrote there), or pipes the caller reads.
   */
  output: { file: string; append?: boolean } | 'pipe';
  /** Words run in front of node, e.g. `taskset -c 0`; each must exec what it runs so the pid is node's. */
  prefix?: readonly string[];
}

/** Runs `node <args>` on the Node running this process, from the repository root. */
export function spawnNode(args: readonly string[], options: NodeSpawnOptions): ChildProcess {
  const argv = [...(options.prefix ?? []), process.execPath, ...args];
  if (options.output === 'pipe') {
    return spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  mkdirSync(dirname(options.output.file), { recursive: true });
  const fd = openSync(options.output.file, options.output.append ? 'a' : 'w');
  try {
    return spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env: options.env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

/**
 * Node's arguments that run a built entry point as production does, `--import <bootstrap> <entry>`,
 * so telemetry is running before the entry's first import. Both are relative to the repository root;
 * the bootstrap is the stack's own unless another is named (the bench compares one).
 */
export function bootstrapArgs(entry: string, bootstrap = BOOTSTRAP_ENTRY): string[] {
  return ['--import', join(ROOT, bootstrap), resolve(ROOT, entry)];
}

/** Starts a built entry point under the bootstrap (see bootstrapArgs). */
export function spawnService(entry: string, options: NodeSpawnOptions): ChildProcess {
  return spawnNode(bootstrapArgs(entry), options);
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Waits until `<url>/readyz` answers 200. Stops waiting as soon as the process exits, with a message
 * that ends with `detail()` (e.g. the tail of its log).
 */
export async function waitForReady(
  child: ChildProcess,
  url: string,
  options: { what: string; timeoutMs?: number; detail?: () => string },
): Promise<void> {
  await waitFor(async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), {
    what: `${options.what} /readyz`,
    timeoutMs: options.timeoutMs ?? 20_000,
    intervalMs: 100,
    giveUp: () =>
      hasExited(child)
        ? `it exited (${child.exitCode ?? child.signalCode})${options.detail ? `: ${options.detail()}` : ''}`
        : undefined,
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when ended by a signal). */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<number | null> {
  if (hasExited(child)) return child.exitCode;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
