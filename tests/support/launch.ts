import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFailed } from 'vitest';
import { ROOT } from '../../scripts/tooling/root.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { machinePath } from './pinned-node.js';

/**
 * `npm <args>` as a user types it: the machine's PATH (no node_modules/.bin, so npm runs on the
 * machine's Node), output to a log printed if the test fails. Resolves once the launcher says ready,
 * or at once with `{ ready: false }` for a launch expected to fail.
 */
export async function launch(
  args: string[],
  env: Record<string, string>,
  logName: string,
  options: { ready?: boolean } = {},
) {
  const logFile = join(ROOT, `.tmp/logs/${logName}.log`);
  mkdirSync(join(ROOT, '.tmp/logs'), { recursive: true });
  const fd = openSync(logFile, 'w');
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: { PATH: machinePath(), HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = () => readFileSync(logFile, 'utf8');
  onTestFailed(() => console.log(log().slice(-6000)));
  try {
    if (options.ready === false) return handle(log, child, exited);
    await waitFor(() => (log().includes('otel-stack: ready (') ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: `npm ${args.join(' ')} to report ready`,
      giveUp: () => (child.exitCode !== null ? `it exited (${child.exitCode})` : undefined),
    });
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    throw error;
  }
  return handle(log, child, exited);
}

function handle(log: () => string, child: ChildProcess, exited: Promise<number | null>) {
  return {
    log,
    /** Resolves with npm's exit code once it exits by itself. */
    exited: () => exited,
    /** SIGTERM, as Ctrl-C's twin; resolves with npm's exit code. */
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
