import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnNode } from '../../scripts/tooling/node-process.js';
import { ROOT } from '../../scripts/tooling/root.js';

const LOG_DIR = join(ROOT, '.tmp/bench');

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
 * The words in front of a command that pin it to `core` and run it at the benchmark's niceness, where
 * each is available; nice and taskset exec what they run, so the pid is the program's own.
 */
export function placement(core: number): string[] {
  const prefix: string[] = [];
  const nice = benchNice();
  if (nice !== undefined) prefix.push('nice', '-n', String(nice));
  if (canPin()) prefix.push('taskset', '-c', String(core));
  return prefix;
}

/** Pins this process (every thread) to the load core and raises its priority like its children's. */
export function placeSelf(): void {
  if (canPin())
    execFileSync('taskset', ['-a', '-cp', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
  const nice = benchNice();
  if (nice !== undefined)
    execFileSync('renice', ['-n', String(nice), '-p', String(process.pid)], { stdio: 'ignore' });
}

/** Spawns `node <args>` placed on `core` (see placement), its output piped or in .tmp/bench/<logName>.log. */
export function spawnPlaced(
  args: string[],
  options: { core: number; env?: NodeJS.ProcessEnv; logName?: string },
): ChildProcess {
  return spawnNode(args, {
    env: options.env ?? process.env,
    prefix: placement(options.core),
    output: options.logName ? { file: join(LOG_DIR, `${options.logName}.log`) } : 'pipe',
  });
}

/** Runs a node script to completion on `core` and parses the JSON line it prints. */
export function runJson<T>(script: string, input: unknown, core = LOAD_CORE): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawnPlaced([join(ROOT, script), JSON.stringify(input)], { core });
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
