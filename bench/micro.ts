/**
 * The configurations' interleaved rounds: every server process is started once (pinned to the server
 * core), warmed up, then each round loads each configuration in turn (A B C … then … C B A), so drift of
 * the machine over the run lands on every configuration alike.
 */
import type { ChildProcess } from 'node:child_process';
import type { PacedArgs, PacedResult } from './load/paced.js';
import type { SaturateArgs, SaturateResult } from './load/saturate.js';
import { BASELINE_ID, type Configuration } from './configurations.js';
import { freePort } from '../scripts/tooling/free-port.js';
import { bootstrapArgs, hasExited, stopProcess } from '../scripts/tooling/node-process.js';
import { waitFor } from '../scripts/tooling/wait-for.js';
import { cpuSeconds, runJson, SERVER_CORE, spawnPlaced } from './support/processes.js';
import { backgroundCores } from './support/machine.js';
import { median, round } from './support/stats.js';

export interface MicroSettings {
  rounds: number;
  warmupS: number;
  saturateS: number;
  connections: number;
  pacedRate: number;
  pacedS: number;
  unloadedS: number;
}

export interface RoundFigures {
  round: number;
  /** Cores other processes kept busy just before this measurement (see backgroundCores). */
  backgroundCores: number | undefined;
  saturation: SaturateResult & { cpuUsPerRequest: number | undefined };
  paced: PacedResult & { cpuUsPerRequest: number | undefined };
  unloaded: PacedResult;
}

export interface SpanCounters {
  exported: number;
  exportFailed: number;
  dropped: number;
  queued: number;
}

export interface ConfigurationResult {
  id: string;
  label: string;
  tracing: boolean;
  env: Record<string, string>;
  /** What one request answered before the run: proves the configuration does what it says. */
  check: { status: number; body: string };
  rounds: RoundFigures[];
  spans: SpanCounters | undefined;
  summary: {
    rpsMedian: number;
    rpsMin: number;
    rpsMax: number;
    /** Median over rounds of (this rps / bare Express rps in the same round). */
    ratioToExpress: number;
    ratioMin: number;
    ratioMax: number;
    /**
     * Median over rounds of (bare Express CPU µs per request / this one's): the throughput ratio one
     * core would give, and far less disturbed than rps by other processes sharing the machine.
     */
    cpuRatioToExpress: number | undefined;
    saturationP50Ms: number;
    saturationP99Ms: number;
    pacedP50Ms: number;
    pacedP99Ms: number;
    unloadedP50Ms: number;
    unloadedP99Ms: number;
    cpuUsPerRequest: number | undefined;
    pacedCpuUsPerRequest: number | undefined;
  };
}

class BenchServer {
  private constructor(
    readonly config: Configuration,
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(config: Configuration, shared: { redisUrl: string; otlpEndpoint: string }) {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      REDIS_URL: shared.redisUrl,
      OTEL_SERVICE_NAME: `bench-${config.id}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: shared.otlpEndpoint,
      ...config.env,
    };
    const args = config.tracing ? bootstrapArgs(config.entry, config.bootstrap) : [config.entry];
    const child = spawnPlaced(args, { core: SERVER_CORE, env, logName: config.id });
    const server = new BenchServer(config, child, `http://127.0.0.1:${port}`);
    await waitFor(
      async () => {
        await fetch(`${server.url}/hello`).then((res) => res.arrayBuffer());
        return true;
      },
      {
        what: `the ${config.id} server`,
        timeoutMs: 20_000,
        intervalMs: 100,
        giveUp: () => (hasExited(child) ? `it exited (${child.exitCode ?? child.signalCode})` : undefined),
      },
    );
    return server;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async check(): Promise<{ status: number; body: string }> {
    const res = await fetch(`${this.url}/hello`);
    return { status: res.status, body: (await res.text()).slice(0, 200) };
  }

  async spans(): Promise<SpanCounters | undefined> {
    if (!this.config.tracing) return undefined;
    const res = await fetch(`${this.url}/__stats`);
    return ((await res.json()) as { spans: SpanCounters }).spans;
  }

  async stop(): Promise<void> {
    await stopProcess(this.child);
  }
}

function cpuPerRequest(pid: number, before: number | undefined, requests: number): number | undefined {
  const after = cpuSeconds(pid);
  if (before === undefined || after === undefined || requests === 0) return undefined;
  return round(((after - before) * 1e6) / requests, 1);
}

async function saturate(server: BenchServer, settings: MicroSettings, seconds: number) {
  const before = cpuSeconds(server.pid);
  const result = await runJson<SaturateResult>('dist/bench/load/saturate.js', {
    url: `${server.url}/hello`,
    connections: settings.connections,
    durationS: seconds,
  } satisfies SaturateArgs);
  return { ...result, cpuUsPerRequest: cpuPerRequest(server.pid, before, result.requests) };
}

async function measureRound(
  server: BenchServer,
  settings: MicroSettings,
  round: number,
): Promise<RoundFigures> {
  const url = `${server.url}/hello`;
  const background = await backgroundCores();
  const saturation = await saturate(server, settings, settings.saturateS);
  const before = cpuSeconds(server.pid);
  const paced = await runJson<PacedResult>('dist/bench/load/paced.js', {
    url,
    mode: 'paced',
    rate: settings.pacedRate,
    durationS: settings.pacedS,
  } satisfies PacedArgs);
  const pacedCpu = cpuPerRequest(server.pid, before, paced.requests);
  const unloaded = await runJson<PacedResult>('dist/bench/load/paced.js', {
    url,
    mode: 'sequential',
    durationS: settings.unloadedS,
  } satisfies PacedArgs);
  return {
    round,
    backgroundCores: background,
    saturation,
    paced: { ...paced, cpuUsPerRequest: pacedCpu },
    unloaded,
  };
}

function defined(values: Array<number | undefined>): number[] {
  return values.filter((v): v is number => v !== undefined && Number.isFinite(v));
}

function summarise(rounds: RoundFigures[], baseline: RoundFigures[]) {
  const rps = rounds.map((r) => r.saturation.rps);
  const ratios = rounds.map((r, i) => r.saturation.rps / (baseline[i]?.saturation.rps ?? Number.NaN));
  const cpu = defined(rounds.map((r) => r.saturation.cpuUsPerRequest));
  const cpuRatios = defined(
    rounds.map(
      (r, i) =>
        (baseline[i]?.saturation.cpuUsPerRequest ?? Number.NaN) /
        (r.saturation.cpuUsPerRequest ?? Number.NaN),
    ),
  );
  const pacedCpu = defined(rounds.map((r) => r.paced.cpuUsPerRequest));
  return {
    rpsMedian: round(median(rps)),
    rpsMin: round(Math.min(...rps)),
    rpsMax: round(Math.max(...rps)),
    ratioToExpress: round(median(ratios), 3),
    ratioMin: round(Math.min(...ratios), 3),
    ratioMax: round(Math.max(...ratios), 3),
    cpuRatioToExpress: cpuRatios.length > 0 ? round(median(cpuRatios), 3) : undefined,
    saturationP50Ms: round(median(rounds.map((r) => r.saturation.p50Ms)), 3),
    saturationP99Ms: round(median(rounds.map((r) => r.saturation.p99Ms)), 3),
    pacedP50Ms: round(median(rounds.map((r) => r.paced.p50Ms)), 3),
    pacedP99Ms: round(median(rounds.map((r) => r.paced.p99Ms)), 3),
    unloadedP50Ms: round(median(rounds.map((r) => r.unloaded.p50Ms)), 3),
    unloadedP99Ms: round(median(rounds.map((r) => r.unloaded.p99Ms)), 3),
    cpuUsPerRequest: cpu.length > 0 ? round(median(cpu), 1) : undefined,
    pacedCpuUsPerRequest: pacedCpu.length > 0 ? round(median(pacedCpu), 1) : undefined,
  };
}

export async function runMicro(
  configurations: readonly Configuration[],
  settings: MicroSettings,
  shared: { redisUrl: string; otlpEndpoint: string },
  log: (line: string) => void,
): Promise<ConfigurationResult[]> {
  const servers: BenchServer[] = [];
  try {
    for (const config of configurations) {
      servers.push(await BenchServer.start(config, shared));
      log(`started ${config.id}`);
    }
    const checks = new Map<string, { status: number; body: string }>();
    for (const server of servers) {
      checks.set(server.config.id, await server.check());
      await saturate(server, settings, settings.warmupS);
    }
    log(`warmed up ${servers.length} servers (${settings.warmupS} s each)`);

    const rounds = new Map<string, RoundFigures[]>(servers.map((s) => [s.config.id, []]));
    for (let r = 0; r < settings.rounds; r += 1) {
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const figures = await measureRound(server, settings, r + 1);
        rounds.get(server.config.id)?.push(figures);
        log(
          `round ${r + 1}/${settings.rounds} ${server.config.id.padEnd(16)} ${String(figures.saturation.rps).padStart(8)} rps` +
            `  p99@${settings.pacedRate} ${figures.paced.p99Ms} ms  unloaded p50 ${figures.unloaded.p50Ms} ms` +
            `  ${figures.saturation.cpuUsPerRequest ?? '?'} µs CPU/req  background ${figures.backgroundCores ?? '?'} cores`,
        );
      }
    }

    const baseline = rounds.get(BASELINE_ID) ?? [];
    const results: ConfigurationResult[] = [];
    for (const server of servers) {
      const own = rounds.get(server.config.id) ?? [];
      results.push({
        id: server.config.id,
        label: server.config.label,
        tracing: server.config.tracing,
        env: server.config.env,
        check: checks.get(server.config.id) ?? { status: 0, body: '' },
        rounds: own,
        spans: await server.spans(),
        summary: summarise(own, baseline),
      });
    }
    return results;
  } finally {
    for (const server of servers) await server.stop();
  }
}
