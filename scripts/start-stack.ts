/**
 * The local stack launcher behind `npm start` and `npm run start:<service>`: Redis (REDIS_URL, else a
 * private redis-server), then every service, or the one named on the command line, as
 * `node --import <bootstrap> <service>` on the Node running this launcher, each waited on until ready.
 * A single service finds its upstreams at their contract ports. Ctrl-C or SIGTERM stops every child
 * cleanly; a child that dies stops the stack with a non-zero exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import {
  BOOTSTRAP_ENTRY,
  portVariable,
  serviceEntry,
  serviceEnvironment,
  STACK_SERVICES,
  type StackService,
} from './stack-definition.js';

const ROOT = resolve(import.meta.dirname, '../..');
const children = new Map<string, ChildProcess>();
let redisChild: ChildProcess | undefined;
let stopping = false;

function log(message: string): void {
  process.stdout.write(`otel-stack: ${message}\n`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function onPath(command: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = spawn(command, ['--version'], { stdio: 'ignore' });
    probe.once('error', () => done(false));
    probe.once('exit', (code) => done(code === 0));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Prefixes each line of a child's output with its name, like docker compose does. */
function pipe(name: string, child: ChildProcess): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${name.padEnd(12)} | ${line}\n`);
    });
  }
}

const REDIS_DIR = join(ROOT, '.tmp/redis');
/** Where a launcher that owns the private redis-server leaves its port for the next launcher. */
const REDIS_PORT_FILE = join(REDIS_DIR, 'launcher-port');

/** Whether a Redis answers PING on the port: a second launcher then shares it instead of racing it. */
function redisAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (answer: boolean) => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => finish(chunk.toString('utf8').startsWith('+PONG')));
  });
}

async function startRedis(): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  mkdirSync(REDIS_DIR, { recursive: true });
  // `npm run start:budget` and `npm run start:web` in two terminals use one Redis, not two processes
  // appending to the same file.
  const shared = existsSync(REDIS_PORT_FILE) ? Number(readFileSync(REDIS_PORT_FILE, 'utf8')) : 0;
  if (shared > 0 && (await redisAnswers(shared))) {
    log(`using the private redis-server another launcher started, on port ${shared}`);
    return `redis://127.0.0.1:${shared}`;
  }
  if (!(await onPath('redis-server'))) {
    log(
      'no Redis: set REDIS_URL, install redis-server (apt-get install redis-server), or run `docker compose up`.',
    );
    process.exit(1);
  }
  const port = await freePort();
  // Append-only in .tmp/redis: the persistent cache and budgets survive a restart of the stack.
  redisChild = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--dir', REDIS_DIR],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  pipe('redis', redisChild);
  writeFileSync(REDIS_PORT_FILE, String(port));
  log(`started a private redis-server on port ${port} (data in .tmp/redis)`);
  return `redis://127.0.0.1:${port}`;
}

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
  const child = spawn(
    process.execPath,
    ['--import', join(ROOT, BOOTSTRAP_ENTRY), join(ROOT, serviceEntry(service.name))],
    {
      cwd: ROOT,
      env: { ...process.env, ...serviceEnvironment(service, urlOf, redisUrl), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.set(service.name, child);
  pipe(service.name, child);
  child.once('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      log(`${service.name} exited (${code ?? signal}); stopping the stack`);
      void stopAll(1);
    }
  });
  const ready = await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 30_000);
  if (!ready && !stopping) {
    log(`${service.name} did not become ready on port ${port}`);
    await stopAll(1);
  }
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = [...children.values()].map((child) => new Promise((done) => child.once('exit', done)));
  for (const child of children.values()) child.kill('SIGTERM');
  await Promise.all(exits);
  if (redisChild) {
    rmSync(REDIS_PORT_FILE, { force: true });
    const exited = new Promise((done) => redisChild?.once('exit', done));
    redisChild.kill('SIGTERM');
    await exited;
  }
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
const redisUrl = selected.some((s) => s.redis) ? await startRedis() : '';
await warnWithoutCollector();
for (const service of selected) {
  await startService(service, redisUrl);
  if (stopping) break;
}
if (!stopping) {
  log(`ready (Node ${process.version}):`);
  for (const service of selected) log(`  ${service.name.padEnd(14)} http://localhost:${portOf(service)}`);
  log('Ctrl-C stops the stack.');
}
