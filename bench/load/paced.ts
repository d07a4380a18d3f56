/**
 * Latency below saturation, with its own node:http client because autocannon's fixed rate sends each
 * second's quota in one burst and records whole milliseconds:
 * - `paced`: open loop at a fixed rate (requests leave on schedule whatever the answers do, over a pool
 *   of keep-alive connections);
 * - `sequential`: one keep-alive connection, the next request when the last answer arrived (unloaded).
 * Prints one JSON line. Usage: node paced.js '{"url": "...", "mode": "paced", "rate": 1000, "durationS": 3}'
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { quantile, round, Samples } from '../support/stats.js';

export interface PacedArgs {
  url: string;
  mode: 'paced' | 'sequential';
  durationS: number;
  /** Requests per second in paced mode. */
  rate?: number;
  /**
   * Seconds of the same load first, not measured: this client's own start (JIT, opening connections)
   * would otherwise be the slowest percent of a short run. Default 0.5.
   */
  warmupS?: number;
}

export interface PacedResult {
  requests: number;
  /** Requests per second actually answered. */
  achievedRps: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as PacedArgs;
const agent = new Agent({ keepAlive: true, maxSockets: args.mode === 'paced' ? 64 : 1 });
const latencies = new Samples();
let errors = 0;

function once(): Promise<void> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = request(args.url, { agent }, (res) => {
      res.resume();
      res.once('end', () => {
        latencies.add(performance.now() - sentAt);
        resolve();
      });
    });
    req.once('error', () => {
      errors += 1;
      resolve();
    });
    req.end();
  });
}

async function paced(rate: number, durationMs: number): Promise<void> {
  const total = Math.round((rate * durationMs) / 1000);
  const pending: Array<Promise<void>> = [];
  const startedAt = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - startedAt) * rate) / 1000));
    while (sent < due) {
      pending.push(once());
      sent += 1;
    }
    // A 1 ms tick keeps the schedule within a millisecond without spinning the load core.
    await sleep(1);
  }
  await Promise.all(pending);
}

async function sequential(durationMs: number): Promise<void> {
  const endAt = performance.now() + durationMs;
  while (performance.now() < endAt) await once();
}

async function run(durationS: number): Promise<number> {
  const startedAt = performance.now();
  if (args.mode === 'paced') await paced(args.rate ?? 1000, durationS * 1000);
  else await sequential(durationS * 1000);
  return (performance.now() - startedAt) / 1000;
}

await run(args.warmupS ?? 0.5);
latencies.clear();
errors = 0;
const seconds = await run(args.durationS);
agent.destroy();
const sample = latencies.toArray();
const out: PacedResult = {
  requests: sample.length,
  achievedRps: round(sample.length / seconds, 1),
  errors,
  p50Ms: round(quantile(sample, 0.5), 3),
  p99Ms: round(quantile(sample, 0.99), 3),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
