import { serviceEntry, serviceEnvironment, STACK_SERVICES } from '../../scripts/stack-definition.js';
import { OtlpReceiver } from './otlp-receiver.js';
import { Pipeline } from './pipeline.js';
import { isPipelineTarget } from './pipeline-programs.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { RedisServer } from './redis-server.js';
import { ServiceProcess } from './service-process.js';
import type { TraceSource } from './trace-source.js';
import { composeStart, composeStop, composeTraceSource, composeUrl, isComposeTarget } from './compose.js';

/**
 * The stack under test: local processes against a private Redis and the harness's OTLP receiver.
 * Tests talk to it only through this interface, so another target can stand behind it.
 */
export interface Stack {
  url(service: string): string;
  traces: TraceSource;
  stopService(service: string): Promise<void>;
  startService(service: string): Promise<void>;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  close(): Promise<void>;
  /** Local processes only: their logs, printed when a test fails. */
  logs(): string;
  /** STACK_TARGET=pipeline only: the collector, Jaeger and Prometheus the services export to. */
  pipeline?: Pipeline;
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
}

/** Whether the target starts its own processes, so a test may give services its own settings. */
export const canOverrideEnv = (): boolean => !isComposeTarget();

/**
 * The stack the integration tests drive: local processes by default; with STACK_TARGET=pipeline the
 * same processes exporting to the real collector, Jaeger and Prometheus; with STACK_TARGET=compose the
 * running compose stack (`docker compose -f docker-compose.yml -f docker-compose.test.yml up -d
 * --wait`), its published ports, Jaeger for traces and `docker compose stop/start` for outages.
 */
export function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!isComposeTarget()) return startLocalStack(options);
  if (options.env)
    throw new Error('per-test service settings need local processes; skip with canOverrideEnv()');
  return Promise.resolve(composeStack());
}

function composeStack(): Stack {
  return {
    url: composeUrl,
    traces: composeTraceSource(),
    stopService: composeStop,
    startService: (name) => composeStart(name),
    stopRedis: () => composeStop('redis'),
    startRedis: () => composeStart('redis'),
    logs: () => 'compose stack: see `docker compose logs`',
    // The compose stack belongs to the user: tests leave it running.
    close: () => Promise.resolve(),
  };
}

export async function startLocalStack(options: StackOptions = {}): Promise<Stack> {
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
  const processes = new Map<string, ServiceProcess>();

  for (const service of wanted) {
    processes.set(
      service.name,
      await ServiceProcess.start({
        name: service.name,
        entry: serviceEntry(service.name),
        env: {
          ...serviceEnvironment(service, urlOf, redis.url),
          OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
          OTEL_TRACES_SAMPLER: 'always_on',
          PORT: String(ports.get(service.name)),
          ...options.env?.[service.name],
        },
      }),
    );
  }

  const processOf = (name: string) => {
    const found = processes.get(name);
    if (!found) throw new Error(`service ${name} is not part of this stack`);
    return found;
  };
  return {
    url: urlOf,
    traces: sink.traces,
    pipeline: sink.pipeline,
    stopService: async (name) => {
      await processOf(name).stop();
    },
    startService: (name) => processOf(name).start(),
    stopRedis: () => redis.stop(),
    startRedis: () => redis.start(),
    logs: () =>
      [...processes.values()].map((p) => `--- ${p.spec.name}\n${p.log().slice(-4000)}`).join('\n') +
      (sink.pipeline ? `\n${sink.pipeline.logs()}` : ''),
    close: async () => {
      for (const p of [...processes.values()].reverse()) await p.stop();
      await sink.stop();
      await redis.destroy();
    },
  };
}

/** Where local services send spans, and where the tests read them back. */
interface TelemetrySink {
  endpoint: string;
  traces: TraceSource;
  pipeline?: Pipeline;
  stop(): Promise<void>;
}

async function receiverSink(): Promise<TelemetrySink> {
  const receiver = await OtlpReceiver.start();
  return { endpoint: receiver.endpoint, traces: receiver, stop: () => receiver.stop() };
}

async function pipelineSink(): Promise<TelemetrySink> {
  const pipeline = await Pipeline.start();
  return { endpoint: pipeline.endpoint, traces: pipeline.traces, pipeline, stop: () => pipeline.stop() };
}
