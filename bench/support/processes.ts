import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The repository root (dist/bench/support/ is three levels below it). */
export const ROOT = resolve(import.meta.dirname, '../../..');
export const BOOTSTRAP = join(ROOT, 'dist/instrumentation/register.js');
export const LOG_DIR = join(ROOT, '.tmp/bench');

/** The core servers run on and the core the load generator, Redis and the driver use. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

let tasksetChecked: boolean | undefined;
/** taskset exists and this machine has the two cores the benchmark pins to. */
export function canPin(): boolean {
  tasksetChecked ??=
    process.platform === 'linux' &&
    spawnSync('taskset', ['-c', String(LOAD_CORE), 'true'], { stdio: 'ignore' }).status === 0;
  return tasksetChecked;
}

/**
 * The niceness the benchmark's processes run at (BENCH_NICE, default -10). On a shared machine other
 * processes would otherwise take half of a pinned core and the figures would measure them; where
 * raising priority is not permitted, the benchmark runs at normal priority and says so.
 */
const WANTED_NICE = Number(process.env.BENCH_NICE ?? -10);
let niceChecked: boolean | undefined;
export function benchNice(): number | undefined {
  niceChecked ??=
    Number.isInteger(WANTED_NICE) &&
    WANTED_NICE !== 0 &&
    spawnSync('nice', ['-n', String(WANTED_NICE), 'true'], { stdio: 'pipe' }).stderr?.length === 0;
  return niceChecked ? WANTED_NICE : undefined;
}

/**
 * The command line that runs `argv` pinned to `core` and at the benchmark's niceness, where each is
 * available; nice and taskset exec what they run, so the pid is the program's own.
 */
export function placed(core: number, argv: string[]): { command: string; args: string[] } {
  const prefix: string[] = [];
  const nice = benchNice();
  if (nice !== undefined) prefix.push('nice', '-n', String(nice));
  if (canPin()) prefix.push('taskset', '-c', String(core));
  const all = [...prefix, ...argv];
  return { command: all[0] ?? argv[0] ?? '', args: all.slice(1) };
}

/** Pins this process (every thread) to the load core and raises its priority like its children's. */
export function placeSelf(): void {
  if (canPin())
    execFileSync('taskset', ['-a', '-cp', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
  const nice = benchNice();
  if (nice !== undefined)
    execFileSync('renice', ['-n', String(nice), '-p', String(process.pid)], { stdio: 'ignore' });
}

/** Spawns `node <args>` placed on `core` (see placed). */
export function spawnNode(
  args: string[],
  options: { core: number; env?: NodeJS.ProcessEnv; logName?: string },
): ChildProcess {
  const { command, args: argv } = placed(options.core, [process.execPath, ...args]);
  let stdio: Array<'ignore' | 'pipe' | number> = ['ignore', 'pipe', 'pipe'];
  let fd: number | undefined;
  if (options.logName) {
    mkdirSync(LOG_DIR, { recursive: true });
    fd = openSync(join(LOG_DIR, `${options.logName}.log`), 'w');
    stdio = ['ignore', fd, fd];
  }
  const child = spawn(command, argv, { cwd: ROOT, env: options.env ?? process.env, stdio });
  if (fd !== undefined) closeSync(fd);
  return child;
}

/** Runs a node script to completion on `core` and parses the JSON line it prints. */
export function runJson<T>(script: string, input: unknown, core = LOAD_CORE): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawnNode([join(ROOT, script), JSON.stringify(input)], { core });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`${script} exited ${code}: ${err.slice(-2000)}`));
      try {
        done(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch {
        fail(new Error(`${script} printed no JSON: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

let clockTicks: number | undefined;
/**
 * CPU seconds (user + system, all threads) the process has used, from /proc/<pid>/stat; undefined
 * where there is no /proc.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces, start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Polls until `probe` resolves true, or throws after `timeoutMs` naming `what`. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
