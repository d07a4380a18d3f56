import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROGRAMS, requireBuiltPrograms } from './pipeline-programs.js';
import { freePort } from './free-port.js';
import { ProgramProcess } from './program-process.js';
import { ROOT } from './root.js';

const COLLECTOR_CONFIG = join(ROOT, 'otel-collector.yaml');
const JAEGER_CONFIG = join(ROOT, 'jaeger/config.yaml');
const JAEGER_UI_CONFIG = join(ROOT, 'jaeger/ui-config.json');
const PROMETHEUS_CONFIG = join(ROOT, 'prometheus/prometheus.yml');
const HOST = '127.0.0.1';
const PORT_ATTEMPTS = 3;

const PORT_NAMES = [
  'prom',
  'query',
  'queryGrpc',
  'jaegerGrpc',
  'jaegerHttp',
  'jaegerHealth',
  'jaegerMetrics',
  'otlpGrpc',
  'otlpHttp',
  'collectorHealth',
  'collectorMetrics',
] as const;
type Ports = Record<(typeof PORT_NAMES)[number], number>;

async function allocatePorts(): Promise<Ports> {
  const ports: Partial<Ports> = {};
  const taken = new Set<number>();
  for (const name of PORT_NAMES) {
    let port = await freePort();
    // Each port is released before the next is asked for, so the OS may hand one out twice.
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports as Ports;
}

export interface PipelineOptions {
  /**
   * YAML merged over otel-collector.yaml (the collector's own `--config` merging), e.g. a tiny
   * memory_limiter. The repository's file is always the base.
   */
  collectorOverlay?: string;
}

/**
 * The real pipeline as local processes: Prometheus, Jaeger and the collector built by `npm run
 * pipeline:build`, each on free loopback ports, from the repository's own config files with the
 * `${env:...}` addresses pointed at each other. Prometheus stores into a private temporary folder.
 * Services export to `endpoint`; traces are read back from Jaeger's api_v3, metrics from Prometheus.
 */
export class Pipeline {
  private constructor(
    readonly collector: ProgramProcess,
    readonly jaeger: ProgramProcess,
    readonly prometheus: ProgramProcess,
    private readonly ports: Ports,
    private readonly dir: string,
  ) {}

  static async start(options: PipelineOptions = {}): Promise<Pipeline> {
    requireBuiltPrograms();
    for (let attempt = 1; ; attempt++) {
      try {
        return await Pipeline.startOnce(options);
      } catch (error) {
        // freePort's ports are free when asked for, but another process may bind one before ours does.
        if (attempt >= PORT_ATTEMPTS || !String(error).includes('address already in use')) throw error;
      }
    }
  }

  private static async startOnce(options: PipelineOptions): Promise<Pipeline> {
    const dir = mkdtempSync(join(tmpdir(), 'otel-stack-pipeline-'));
    const ports = await allocatePorts();
    const at = (p: number) => `${HOST}:${p}`;
    const started: ProgramProcess[] = [];
    try {
      const prometheus = await ProgramProcess.start({
        name: 'prometheus',
        binary: PROGRAMS.prometheus,
        args: [
          `--config.file=${PROMETHEUS_CONFIG}`,
          `--storage.tsdb.path=${join(dir, 'prometheus')}`,
          `--web.listen-address=${at(ports.prom)}`,
          '--web.enable-otlp-receiver',
          '--log.level=warn',
        ],
        readyUrl: `http://${at(ports.prom)}/-/ready`,
      });
      started.push(prometheus);
      const jaeger = await ProgramProcess.start({
        name: 'jaeger',
        binary: PROGRAMS.jaeger,
        args: ['--config', JAEGER_CONFIG],
        env: {
          JAEGER_OTLP_GRPC_ENDPOINT: at(ports.jaegerGrpc),
          JAEGER_OTLP_HTTP_ENDPOINT: at(ports.jaegerHttp),
          JAEGER_QUERY_HTTP_ENDPOINT: at(ports.query),
          JAEGER_QUERY_GRPC_ENDPOINT: at(ports.queryGrpc),
          JAEGER_HEALTH_ENDPOINT: at(ports.jaegerHealth),
          JAEGER_TELEMETRY_HOST: HOST,
          JAEGER_TELEMETRY_PORT: String(ports.jaegerMetrics),
          JAEGER_UI_CONFIG_FILE: JAEGER_UI_CONFIG,
          JAEGER_PROMETHEUS_URL: `http://${at(ports.prom)}`,
          // Jaeger traces itself to localhost:4317 by default, which on a shared host may be anyone's.
          OTEL_TRACES_SAMPLER: 'always_off',
        },
        readyUrl: `http://${at(ports.jaegerHealth)}/status`,
      });
      started.push(jaeger);
      const configs = ['--config', COLLECTOR_CONFIG];
      if (options.collectorOverlay) {
        const overlay = join(dir, 'collector-overlay.yaml');
        writeFileSync(overlay, options.collectorOverlay);
        configs.push('--config', overlay);
      }
      const collector = await ProgramProcess.start({
        name: 'otelcol',
        binary: PROGRAMS.collector,
        args: configs,
        env: {
          OTELCOL_OTLP_GRPC_ENDPOINT: at(ports.otlpGrpc),
          OTELCOL_OTLP_HTTP_ENDPOINT: at(ports.otlpHttp),
          OTELCOL_HEALTH_ENDPOINT: at(ports.collectorHealth),
          OTELCOL_TELEMETRY_HOST: HOST,
          OTELCOL_TELEMETRY_PORT: String(ports.collectorMetrics),
          OTELCOL_JAEGER_ENDPOINT: at(ports.jaegerGrpc),
          OTELCOL_PROMETHEUS_OTLP_ENDPOINT: `http://${at(ports.prom)}/api/v1/otlp/v1/metrics`,
          // Every second rather than compose's 15 s, so tests and a fresh `npm start` see series at once.
          OTELCOL_SPANMETRICS_FLUSH_INTERVAL: '1s',
          OTELCOL_TELEMETRY_INTERVAL_MS: '1000',
        },
        readyUrl: `http://${at(ports.collectorHealth)}/`,
      });
      return new Pipeline(collector, jaeger, prometheus, ports, dir);
    } catch (error) {
      for (const program of started.reverse()) await program.stop();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** OTLP/HTTP base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it (the SDK appends /v1/traces). */
  get endpoint(): string {
    return `http://${HOST}:${this.ports.otlpHttp}`;
  }

  get otlpGrpcEndpoint(): string {
    return `${HOST}:${this.ports.otlpGrpc}`;
  }

  get jaegerUrl(): string {
    return `http://${HOST}:${this.ports.query}`;
  }

  get prometheusUrl(): string {
    return `http://${HOST}:${this.ports.prom}`;
  }

  get collectorHealthUrl(): string {
    return `http://${HOST}:${this.ports.collectorHealth}/`;
  }

  /** The collector's own metrics (Prometheus text): accepted, refused, exported, queue sizes. */
  get collectorMetricsUrl(): string {
    return `http://${HOST}:${this.ports.collectorMetrics}/metrics`;
  }

  /** SIGTERM (the collector drains its batch and queue), then the same binary on the same ports. */
  async restartCollector(): Promise<void> {
    await this.collector.stop();
    await this.collector.start();
  }

  logs(): string {
    return [this.collector, this.jaeger, this.prometheus]
      .map((p) => `--- ${p.spec.name}\n${p.log().slice(-4000)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    await this.collector.stop();
    await this.jaeger.stop();
    await this.prometheus.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
