import type { ChildProcess } from 'node:child_process';
import {
  newStackSecrets,
  serviceEntry,
  serviceEnvironment,
  STACK_SERVICES,
  type StackSecrets,
} from '../../scripts/stack-definition.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { bootstrapArgs, stopProcess, waitForReady } from '../../scripts/tooling/node-process.js';
import { SERVER_CORE, spawnPlaced } from './processes.js';

export interface RunningServices {
  urlOf(name: string): string;
  /** This launch's admin token and gateway secret. */
  secrets: StackSecrets;
  /** The API key of `client`, issued once through the gateway's admin route. */
  keyOf(client: string): Promise<string>;
  stop(): Promise<void>;
}

async function issueKey(webUrl: string, adminToken: string, client: string): Promise<string> {
  const res = await fetch(`${webUrl}/api/v1/admin/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ client }),
  });
  if (res.status !== 201) throw new Error(`issuing a key for ${client} answered ${res.status}`);
  return ((await res.json()) as { key: string }).key;
}

/**
 * Services of the stack started as production starts them (under the bootstrap, at their own declared
 * sampling), pinned to the server core, in the order given so upstreams come first. Every service is
 * given a port, so those not started are simply unreachable.
 */
export async function startServices(
  names: readonly string[],
  shared: { redisUrl: string; otlpEndpoint: string; env?: NodeJS.ProcessEnv },
  log: (line: string) => void,
): Promise<RunningServices> {
  const ports = new Map<string, number>();
  for (const service of STACK_SERVICES) ports.set(service.name, await freePort());
  const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name) ?? 9}`;
  const children: ChildProcess[] = [];
  const secrets = newStackSecrets();
  const stop = async () => {
    for (const child of children.reverse()) await stopProcess(child);
  };
  try {
    for (const name of names) {
      const service = STACK_SERVICES.find((s) => s.name === name);
      if (!service) throw new Error(`${name} is not in scripts/stack-definition.ts`);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ...serviceEnvironment(service, urlOf, shared.redisUrl, secrets),
        OTEL_EXPORTER_OTLP_ENDPOINT: shared.otlpEndpoint,
        ...shared.env,
        PORT: String(ports.get(name)),
      };
      const child = spawnPlaced(bootstrapArgs(serviceEntry(name)), {
        core: SERVER_CORE,
        env,
        logName: `service-${name}`,
      });
      children.push(child);
      await waitForReady(child, urlOf(name), { what: name });
      log(`started ${name}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const keys = new Map<string, Promise<string>>();
  const keyOf = (client: string) => {
    let key = keys.get(client);
    if (!key) keys.set(client, (key = issueKey(urlOf('web'), secrets.adminToken, client)));
    return key;
  };
  return { urlOf, secrets, keyOf, stop };
}
