/**
 * The local stack launcher behind `npm start` and `npm run start:<service>`: Redis (REDIS_URL, else a
 * private redis-server), then every service, or the one named on the command line, as
 * `node --import <bootstrap> <service>` on the Node running this launcher, each waited on until ready.
 * A single service finds its upstreams at their contract ports. Ctrl-C or SIGTERM stops every child
 * cleanly; a child that dies stops the stack with a non-zero exit.
 */
import type { ChildProcess } from 'node:child_process';
import { log, pipeOutput } from './launcher/output.js';
import { launcherRedis, type LauncherRedis } from './launcher/private-redis.js';
import {
  portVariable,
  serviceEntry,
  serviceEnvironment,
  STACK_SERVICES,
  type StackService,
} from './stack-definition.js';
import { spawnService, stopProcess, waitForReady } from './tooling/node-process.js';

const children = new Map<string, ChildProcess>();
let redis: LauncherRedis | undefined;
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

async function startService(service: StackService, redisUrl: string): Promise<void> {
  const urlOf = (name: string) => {
    const target = STACK_SERVICES.find((s) => s.name === name);
    return `http://127.0.0.1:${target ? portOf(target) : 0}`;
  };
  const port = portOf(service);
  const child = spawnService(serviceEntry(service.name), {
    env: { ...process.env, ...serviceEnvironment(service, urlOf, redisUrl), PORT: String(port) },
    output: 'pipe',
  });
  children.set(service.name, child);
  pipeOutput(service.name, child);
  child.once('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      log(`${service.name} exited (${code ?? signal}); stopping the stack`);
      void stopAll(1);
    }
  });
  try {
    await waitForReady(child, `http://127.0.0.1:${port}`, { what: service.name, timeoutMs: 30_000 });
  } catch {
    if (!stopping) {
      log(`${service.name} did not become ready on port ${port}`);
      await stopAll(1);
    }
  }
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([...children.values()].map((child) => stopProcess(child, 15_000)));
  await redis?.release();
  log('stopped');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

function selectedServices(name: string | undefined): readonly StackService[] {
  if (!name) return STACK_SERVICES;
  const service = STACK_SERVICES.find((s) => s.name === name);
  if (!service) {
    log(`unknown service '${name}'; one of: ${STACK_SERVICES.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  return [service];
}

const selected = selectedServices(process.argv[2]);
if (selected.some((s) => s.redis)) redis = await launcherRedis();
await warnWithoutCollector();
for (const service of selected) {
  await startService(service, redis?.url ?? '');
  if (stopping) break;
}
if (!stopping) {
  log(`ready (Node ${process.version}):`);
  for (const service of selected) log(`  ${service.name.padEnd(14)} http://localhost:${portOf(service)}`);
  log('Ctrl-C stops the stack.');
}
