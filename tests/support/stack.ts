import {
  newStackSecrets,
  serviceEntry,
  serviceEnvironment,
  STACK_SERVICES,
  type StackSecrets,
} from '../../scripts/stack-definition.js';
import { OtlpReceiver } from './otlp-receiver.js';
import { Pipeline, pipelineTraces } from './pipeline.js';
import { isPipelineTarget } from '../../scripts/tooling/pipeline-programs.js';
import { Balancer } from '../../scripts/tooling/balancer.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { REPLICA_DRAIN_DELAY_MS, type BalancedService } from '../../scripts/tooling/haproxy-config.js';
import { RedisServer } from './redis-server.js';
import { ServiceProcess } from './service-process.js';
import type { MetricSource } from './metric-source.js';
import type { TraceSource } from './trace-source.js';
import {
  COMPOSE_DEV_SECRETS,
  composeStart,
  composeStop,
  composeTraceSource,
  composeUrl,
  isComposeTarget,
} from './compose.js';

/**
 * The stack under test: local processes against a private Redis and the harness's OTLP receiver.
 * Tests talk to it only through this interface, so another target can stand behind it.
 */
export interface Stack {
  url(service: string): string;
  /** The admin token and gateway secret the services run with (see tests/support/clients.ts). */
  secrets: StackSecrets;
  /** Local processes only: the private Redis, for a test that asserts on what is stored. */
  redisUrl?: string;
  traces: TraceSource;
  /** The metrics the services exported; local processes only (see `canReadMetrics`). */
  metrics: MetricSource;
  stopService(service: string): Promise<void>;
  startService(service: string): Promise<void>;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  /** Local processes only: SIGSTOP the Redis server (connections stay open, nothing answers). */
  freezeRedis(): void;
  /** Local processes only: SIGCONT it. */
  thawRedis(): void;
  close(): Promise<void>;
  /** Local processes only: their logs, printed when a test fails. */
  logs(): string;
  /**
   * Local processes with the harness's receiver only: every span and metric the services exported,
   * as text, and every line the services logged, whole, so a test can search them for what must never
   * be there.
   */
  everythingEmitted(): { exported: string; logs: string };
  /** STACK_TARGET=pipeline only: the collector, Jaeger and Prometheus the services export to. */
  pipeline?: Pipeline;
  /** Local processes only: a replicated service's replicas, behind the balancer at `url(service)`. */
  replicas(service: string): readonly ServiceProcess[];
}

export interface StackOptions {
  /** Services to start (default: all), in the table's order so upstreams come first. */
  services?: string[];
  /**
   * Extra environment per service, e.g. a tiny budget. Local processes only: a test that needs it
   * skips under STACK_TARGET=compose (see `canOverrideEnv`).
   */
  env?: Record<string, Record<string, string>>;
  /**
   * Where local services export: the harness's OTLP receiver, or the built collector feeding Jaeger
   * and Prometheus (`npm run test:pipeline`). Default: the pipeline under STACK_TARGET=pipeline.
   */
  telemetry?: 'receiver' | 'pipeline';
  /**
   * Replicas per service (default 1), local processes only: more than one puts the service's replicas
   * behind HAProxy on the service's address, as `npm start -- --replicas` does.
   */
  replicas?: Record<string, number>;
}

/** Whether the target starts its own processes, so a test may give services its own settings. */
export const canOverrideEnv = (): boolean => !isComposeTarget();

/**
 * Whether exported metrics reach the harness's receiver (local processes), so a test may read them.
 * Not under compose or STACK_TARGET=pipeline: there they go to the collector and on to Prometheus.
 */
export const canReadMetrics = (): boolean => !isComposeTarget() && !isPipelineTarget();

/**
 * The stack the integration tests drive: local processes by default; with STACK_TARGET=pipeline the
 * same processes exporting to the real collector, Jaeger and Prometheus; with STACK_TARGET=compose the
 * running compose stack (`docker compose -f docker-compose.yml -f docker-compose.test.yml up -d
 * --wait`), its published ports, Jaeger for traces and `docker compose stop/start` for outages.
 */
export function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!isComposeTarget()) return startLocalStack(options);
  if (options.env || options.replicas)
    throw new Error('per-test service settings need local processes; skip with canOverrideEnv()');
  return Promise.resolve(composeStack());
}

function composeStack(): Stack {
  return {
    url: composeUrl,
    secrets: COMPOSE_DEV_SECRETS,
    traces: composeTraceSource(),
    metrics: {
      metricPoints: () => {
        throw new Error('compose stack: metrics go to its collector; skip with canReadMetrics()');
      },
      metricTotal: () => {
        throw new Error('compose stack: metrics go to its collector; skip with canReadMetrics()');
      },
    },
    stopService: composeStop,
    startService: (name) => composeStart(name),
    stopRedis: () => composeStop('redis'),
    startRedis: () => composeStart('redis'),
    logs: () => 'compose stack: see `docker compose logs`',
    everythingEmitted: () => {
      throw new Error('compose stack: telemetry goes to its collector; skip with canReadMetrics()');
    },
    replicas: () => {
      throw new Error('replicas are a local-processes layout');
    },
    freezeRedis: () => {
      throw new Error('freezing Redis is a local-processes action');
    },
    thawRedis: () => {
      throw new Error('freezing Redis is a local-processes action');
    },
    // The compose stack belongs to the user: tests leave it running.
    close: () => Promise.resolve(),
  };
}

async function startLocalStack(options: StackOptions = {}): Promise<Stack> {
  const wanted = STACK_SERVICES.filter((s) => !options.services || options.services.includes(s.name));
  const redis = await RedisServer.start();
  const usePipeline = (options.telemetry ?? (isPipelineTarget() ? 'pipeline' : 'receiver')) === 'pipeline';
  const sink = await (usePipeline ? pipelineSink() : receiverSink()).catch(async (error: unknown) => {
    await redis.destroy();
    throw error;
  });
  const ports = new Map<string, number>();
  for (const service of STACK_SERVICES) ports.set(service.name, await freePort());
  const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name)}`;
  const secrets = newStackSecrets();
  const processes = new Map<string, ServiceProcess[]>();
  const balanced: BalancedService[] = [];

  for (const service of wanted) {
    const count = options.replicas?.[service.name] ?? 1;
    const replicaPorts = count > 1 ? await Promise.all(Array.from({ length: count }, () => freePort())) : [];
    const env = {
      ...serviceEnvironment(service, urlOf, redis.url, secrets),
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
      OTEL_TRACES_SAMPLER: 'always_on',
      ...(count > 1 ? { SHUTDOWN_DRAIN_DELAY_MS: String(REPLICA_DRAIN_DELAY_MS) } : {}),
      ...options.env?.[service.name],
    };
    const replicas: ServiceProcess[] = [];
    for (const port of count > 1 ? replicaPorts : [ports.get(service.name)!]) {
      replicas.push(
        await ServiceProcess.start({
          name: service.name,
          entry: serviceEntry(service.name),
          env: { ...env, PORT: String(port) },
        }),
      );
    }
    processes.set(service.name, replicas);
    if (count > 1) balanced.push({ name: service.name, port: ports.get(service.name)!, replicaPorts });
  }
  const balancer = balanced.length > 0 ? await Balancer.start(balanced) : undefined;

  const processesOf = (name: string) => {
    const found = processes.get(name);
    if (!found) throw new Error(`service ${name} is not part of this stack`);
    return found;
  };
  const all = () => [...processes.values()].flat();
  return {
    url: urlOf,
    secrets,
    redisUrl: redis.url,
    traces: sink.traces,
    metrics: sink.metrics,
    pipeline: sink.pipeline,
    stopService: async (name) => {
      await Promise.all(processesOf(name).map((p) => p.stop()));
    },
    startService: async (name) => {
      await Promise.all(processesOf(name).map((p) => p.start()));
    },
    stopRedis: () => redis.stop(),
    startRedis: () => redis.start(),
    freezeRedis: () => redis.freeze(),
    thawRedis: () => redis.thaw(),
    logs: () =>
      all()
        .map((p) => `--- ${p.spec.name}:${p.port}\n${p.log().slice(-4000)}`)
        .join('\n') + (sink.pipeline ? `\n${sink.pipeline.logs()}` : ''),
    everythingEmitted: () => {
      if (!sink.exported)
        throw new Error('only the harness receiver keeps what was exported; skip with canReadMetrics()');
      return {
        exported: sink.exported(),
        logs: all()
          .map((p) => p.log())
          .join('\n'),
      };
    },
    replicas: processesOf,
    close: async () => {
      await balancer?.stop();
      for (const p of all().reverse()) await p.stop();
      await sink.stop();
      await redis.destroy();
    },
  };
}

/** Where local services send spans, and where the tests read them back. */
interface TelemetrySink {
  endpoint: string;
  /** Every export request received, as text; the harness's receiver only. */
  exported?: () => string;
  traces: TraceSource;
  metrics: MetricSource;
  pipeline?: Pipeline;
  stop(): Promise<void>;
}

async function receiverSink(): Promise<TelemetrySink> {
  const receiver = await OtlpReceiver.start();
  return {
    endpoint: receiver.endpoint,
    traces: receiver,
    metrics: receiver,
    exported: () => receiver.requestsAsText.join('\n'),
    stop: () => receiver.stop(),
  };
}

async function pipelineSink(): Promise<TelemetrySink> {
  const pipeline = await Pipeline.start();
  const elsewhere = () => {
    throw new Error('pipeline stack: metrics go to the collector and Prometheus; skip with canReadMetrics()');
  };
  return {
    endpoint: pipeline.endpoint,
    traces: pipelineTraces(pipeline),
    metrics: { metricPoints: elsewhere, metricTotal: elsewhere },
    pipeline,
    stop: () => pipeline.stop(),
  };
}
