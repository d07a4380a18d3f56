/**
 * The local stack launcher behind `npm start` and `npm run start:<service>`: Redis (REDIS_URL, else a
 * private redis-server), then every service, or the one named on the command line, as
 * `node --import <bootstrap> <service>` on the Node running this launcher, each waited on until ready.
 * `--replicas budget=3,web=2` runs those services several times behind HAProxy on their usual ports,
 * so callers reach the balancer, never a replica. `--with-pipeline` runs the collector, Jaeger and
 * Prometheus that `npm run pipeline:build` built, and the services export to that collector. A single service finds its upstreams at their
 * contract ports. Each launch has its own admin token and gateway secret (launcher/secrets.ts); with
 * the gateway it issues the `demo` client a key and prints it. A service process that dies is
 * restarted with backoff (see SupervisedProcess), replicas included; one that crashes in a loop stops
 * the stack with a report and a non-zero exit. Ctrl-C or SIGTERM stops every child cleanly.
 */
import { parseLauncherArguments } from './launcher/arguments.js';
import { log, pipeOutput } from './launcher/output.js';
import { SupervisedProcess } from './launcher/supervised-process.js';
import { issueDemoKey } from './launcher/demo-key.js';
import { launcherRedis, type LauncherRedis } from './launcher/private-redis.js';
import { launcherSecrets } from './launcher/secrets.js';
import {
  portVariable,
  serviceEntry,
  type StackSecrets,
  serviceEnvironment,
  STACK_SERVICES,
  type StackService,
} from './stack-definition.js';
import { Balancer } from './tooling/balancer.js';
import { Pipeline } from './tooling/pipeline.js';
import { freePort } from './tooling/free-port.js';
import { REPLICA_DRAIN_DELAY_MS, type BalancedService } from './tooling/haproxy-config.js';

const processes: SupervisedProcess[] = [];
const balanced: BalancedService[] = [];
let balancer: Balancer | undefined;
let pipeline: Pipeline | undefined;
let redis: LauncherRedis | undefined;
/** Forgets the secrets this launcher shared with others; set once they exist. */
let releaseSecrets: () => void = () => undefined;
let stopping = false;

async function warnWithoutCollector(): Promise<void> {
  const base = (process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/+$/, '');
  const answered = await fetch(`${base}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(1_000),
  })
    .then(() => true)
    .catch(() => false);
  if (!answered) {
    log(`nothing answers at ${base}: spans will be dropped. Start a collector and Jaeger with`);
    log('  docker compose up -d otel-collector jaeger   (Jaeger UI: http://localhost:16686)');
  }
}

function portOf(service: StackService): number {
  const text = process.env[portVariable(service.name)];
  return text ? Number(text) : service.port;
}

/** One supervised process of a service on `port`; `label` names it in the output and in its reports. */
async function startProcess(
  service: StackService,
  label: string,
  port: number,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const supervised = new SupervisedProcess(
    { label, entry: serviceEntry(service.name), port, env },
    (report) => {
      if (stopping) return;
      log(`${report}; stopping the stack`);
      void stopAll(1);
    },
  );
  processes.push(supervised);
  // A process that gives up has already reported it and started stopping the stack.
  await supervised.start().catch(() => {});
}

async function startService(
  service: StackService,
  redisUrl: string,
  stackSecrets: StackSecrets,
  replicas: number,
): Promise<void> {
  const urlOf = (name: string) => {
    const target = STACK_SERVICES.find((s) => s.name === name);
    return `http://127.0.0.1:${target ? portOf(target) : 0}`;
  };
  const env = { ...process.env, ...serviceEnvironment(service, urlOf, redisUrl, stackSecrets) };
  if (replicas === 1) {
    await startProcess(service, service.name, portOf(service), env);
    return;
  }
  // Replicas keep answering while /readyz says 503 for long enough that the balancer's checks notice.
  const drainEnv = { ...env, SHUTDOWN_DRAIN_DELAY_MS: String(REPLICA_DRAIN_DELAY_MS) };
  const replicaPorts: number[] = [];
  for (let i = 1; i <= replicas && !stopping; i += 1) {
    const port = await freePort();
    replicaPorts.push(port);
    await startProcess(service, `${service.name}#${i}`, port, drainEnv);
  }
  balanced.push({ name: service.name, port: portOf(service), replicaPorts });
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await balancer?.stop();
  await Promise.all(processes.map((supervised) => supervised.stop()));
  // After the services, so their last spans and metrics still reach the collector.
  await pipeline?.stop();
  releaseSecrets();
  await redis?.release();
  log('stopped');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

let args: ReturnType<typeof parseLauncherArguments>;
try {
  args = parseLauncherArguments(process.argv.slice(2));
} catch (error) {
  log((error as Error).message);
  process.exit(2);
}
const selected = args.service ? STACK_SERVICES.filter((s) => s.name === args.service) : STACK_SERVICES;
if (selected.some((s) => s.redis)) redis = await launcherRedis();
const { secrets, release } = launcherSecrets(redis);
releaseSecrets = release;
if (args.withPipeline) {
  try {
    pipeline = await Pipeline.start();
  } catch (error) {
    log((error as Error).message);
    await stopAll(1);
  }
  // Every service started from here on exports to this collector.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = pipeline!.endpoint;
  log(`the pipeline runs: collector ${pipeline!.endpoint} (OTLP/HTTP), ${pipeline!.otlpGrpcEndpoint} (gRPC)`);
} else {
  await warnWithoutCollector();
}
for (const service of selected) {
  await startService(service, redis?.url ?? '', secrets, args.replicas.get(service.name) ?? 1);
  if (stopping) break;
}
if (!stopping && balanced.length > 0) {
  try {
    balancer = await Balancer.start(balanced, 'pipe');
    pipeOutput('haproxy', balancer.process);
  } catch (error) {
    log(`${(error as Error).message}`);
    await stopAll(1);
  }
}
const gateway = selected.find((s) => s.gateway);
if (!stopping && gateway) {
  // Before "ready", so whoever waits for that line finds the key printed.
  await issueDemoKey(`http://127.0.0.1:${portOf(gateway)}`, secrets).catch((error: unknown) => {
    log(`no demo key: ${(error as Error).message}`);
  });
}
if (!stopping) {
  log(`ready (Node ${process.version}):`);
  for (const service of selected) {
    const replicas = balanced.find((b) => b.name === service.name)?.replicaPorts.length;
    const behind = replicas ? `  (${replicas} replicas behind HAProxy)` : '';
    log(`  ${service.name.padEnd(14)} http://localhost:${portOf(service)}${behind}`);
  }
  if (pipeline) {
    log(
      `  ${'jaeger'.padEnd(14)} ${pipeline.jaegerUrl}/api/v3/traces  (API only: the UI comes with docker compose)`,
    );
    log(`  ${'prometheus'.padEnd(14)} ${pipeline.prometheusUrl}`);
  }
  log('Ctrl-C stops the stack.');
}
