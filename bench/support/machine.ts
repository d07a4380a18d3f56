import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/tooling/root.js';
import { benchNice, canPin } from './processes.js';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  redis: string;
  loadGenerator: string;
  pinned: boolean;
  /** The niceness the benchmark's processes ran at; undefined: normal priority. */
  nice: number | undefined;
  date: string;
}

export function packageVersionOf(name: string): string {
  try {
    const text = readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8');
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(redisVersion: string): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    redis: redisVersion,
    loadGenerator: `autocannon ${packageVersionOf('autocannon')}`,
    pinned: canPin(),
    nice: benchNice(),
    date: new Date().toISOString(),
  };
}

function cpuTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: idle and iowait are the idle time.
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * How many cores other processes keep busy, sampled while the benchmark's own processes are idle: a
 * shared machine's background load, reported beside the figures it disturbs.
 */
export async function backgroundCores(sampleMs = 500): Promise<number | undefined> {
  const before = cpuTicks();
  await new Promise((done) => setTimeout(done, sampleMs));
  const after = cpuTicks();
  if (!before || !after || after.total === before.total) return undefined;
  return (
    Math.round(((after.busy - before.busy) / (after.total - before.total)) * os.cpus().length * 100) / 100
  );
}
