/**
 * STACK_TARGET=compose: the integration suite runs against a compose stack already started with
 * `docker compose -f docker-compose.yml -f docker-compose.test.yml up -d --wait`. URLs are the ports docker-compose.yml publishes on the
 * host; services it does not publish (provider-sim, Redis) are reached with `docker compose exec`;
 * tests that stop a process use composeStop/composeStart (the latter waits until the service is
 * healthy again), and traces are read from Jaeger's query API instead of the harness's receiver.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { publishedPorts, type ComposeFile } from './compose-checks.js';
import { JaegerTraceSource } from './jaeger-reader.js';
import type { TraceSource } from './trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { ROOT } from '../../scripts/tooling/root.js';

const run = promisify(execFile);
const HOST = process.env.COMPOSE_HOST ?? '127.0.0.1';

/**
 * The development defaults docker-compose.yml gives ADMIN_TOKEN and GATEWAY_SECRET when the
 * environment sets neither (tests/unit/compose-static.test.ts keeps the two in step).
 */
export const COMPOSE_DEV_SECRETS = {
  adminToken: 'compose-dev-admin-token-change-me-0000000000',
  gatewaySecret: 'compose-dev-gateway-secret-change-me-000000000',
} as const;

export function isComposeTarget(): boolean {
  return process.env.STACK_TARGET === 'compose';
}

/** The stack's file plus the test-only override that publishes provider-sim for fault injection. */
const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.test.yml'];

let published: Map<string, number> | undefined;

/** Host port per service, as docker-compose.yml publishes them (read once). */
function publishedHostPorts(): Map<string, number> {
  if (!published) {
    published = new Map();
    for (const fileName of COMPOSE_FILES) {
      const file = parse(readFileSync(join(ROOT, fileName), 'utf8'), { merge: true }) as ComposeFile;
      for (const [name, service] of Object.entries(file.services)) {
        const port = (service.ports ?? []).flatMap(publishedPorts)[0];
        if (port) published.set(name, Number.parseInt(port, 10));
      }
    }
  }
  return published;
}

/** The host URL of a published service, e.g. http://127.0.0.1:3003 for budget, :16686 for jaeger. */
export function composeUrl(service: string): string {
  const port = publishedHostPorts().get(service);
  if (port === undefined) {
    throw new Error(`${service} is not published by docker-compose.yml`);
  }
  return `http://${HOST}:${port}`;
}

export const jaegerUrl = (): string => process.env.JAEGER_URL ?? composeUrl('jaeger');

/** Where compose-mode tests read spans: Jaeger, fed by the collector every service exports to. */
export function composeTraceSource(): TraceSource {
  return new JaegerTraceSource(jaegerUrl());
}

let cli: Promise<string[]> | undefined;

/** `docker compose` (the plugin) when present, else the standalone `docker-compose`. */
function composeCommand(): Promise<string[]> {
  cli ??= run('docker', ['compose', 'version']).then(
    () => ['docker', 'compose'],
    () => ['docker-compose'],
  );
  return cli;
}

/** Runs `docker compose <args>` in the repository root; rejects with stderr on failure. */
export async function compose(args: string[], timeoutMs = 120_000): Promise<string> {
  const [bin, ...pre] = await composeCommand();
  try {
    const { stdout } = await run(bin!, [...pre, ...COMPOSE_FILES.flatMap((f) => ['-f', f]), ...args], {
      cwd: ROOT,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`docker compose ${args.join(' ')} failed: ${stderr.trim() || String(error)}`, {
      cause: error,
    });
  }
}

async function containerId(service: string): Promise<string> {
  const id = (await compose(['ps', '-a', '-q', service])).trim();
  if (!id) throw new Error(`${service} has no container; is the compose stack up?`);
  return id;
}

/**
 * A running container's health (healthy, unhealthy, starting; `running` without a healthcheck), or
 * its state when it is not running (exited, restarting, ...).
 */
export async function composeHealth(service: string): Promise<string> {
  const id = await containerId(service);
  const format =
    '{{if not .State.Running}}{{.State.Status}}{{else if .State.Health}}{{.State.Health.Status}}{{else}}running{{end}}';
  const { stdout } = await run('docker', ['inspect', '--format', format, id]);
  return stdout.trim();
}

/** Stops a service's container (SIGTERM, then compose's grace period); resolves once it has exited. */
export async function composeStop(service: string): Promise<void> {
  await compose(['stop', service]);
  await waitFor(async () => ((await composeHealth(service)) === 'exited' ? true : undefined), {
    timeoutMs: 30_000,
    intervalMs: 250,
    what: `${service} to stop`,
  });
}

/** Starts a stopped service again and waits until its healthcheck reports healthy. */
export async function composeStart(service: string, timeoutMs = 60_000): Promise<void> {
  await compose(['start', service]);
  await waitFor(
    async () => {
      const health = await composeHealth(service);
      if (health === 'unhealthy' || health === 'exited') throw new Error(`${service} is ${health}`);
      return health === 'healthy' ? true : undefined;
    },
    { timeoutMs, intervalMs: 250, what: `${service} to be healthy` },
  );
}
