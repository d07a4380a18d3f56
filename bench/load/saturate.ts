/**
 * Saturation load: autocannon with N keep-alive connections for D seconds, run as its own process
 * (pinned to the load core by the driver). Prints one JSON line: requests, rate, and latency
 * percentiles from every response's own float timing (autocannon's histogram keeps whole milliseconds).
 * Usage: node saturate.js '{"url": "...", "connections": 50, "durationS": 5}'
 */
import autocannon from 'autocannon';
import { quantile, round, Samples } from '../support/stats.js';

export interface SaturateArgs {
  url: string;
  connections: number;
  durationS: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface SaturateResult {
  requests: number;
  seconds: number;
  rps: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as SaturateArgs;
const latencies = new Samples();
const instance = autocannon(
  {
    url: args.url,
    connections: args.connections,
    duration: args.durationS,
    method: args.method ?? 'GET',
    headers: args.headers,
    body: args.body,
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`autocannon failed: ${String(error)}\n`);
      process.exit(1);
    }
    const sample = latencies.toArray();
    const out: SaturateResult = {
      requests: result.requests.total,
      seconds: round(result.duration, 3),
      rps: round(result.requests.total / result.duration, 1),
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      p50Ms: round(quantile(sample, 0.5), 3),
      p99Ms: round(quantile(sample, 0.99), 3),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  },
);
instance.on('response', (_client, _status, _bytes, responseTime: number) => latencies.add(responseTime));
