import type { ChildProcess } from 'node:child_process';
import { serviceEntry, serviceEnvironment, STACK_SERVICES } from '../../scripts/stack-definition.js';
import { freePort } from '../../scripts/tooling/free-port.js';
import { bootstrapArgs, stopProcess, waitForReady } from '../../scripts/tooling/node-process.js';
import { SERVER_CORE, spawnPlaced } from './processes.js';

export interface RunningServices {
  urlOf(name: string): string;
  stop(): Promise<void>;
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
        ...serviceEnvironment(service, urlOf, shared.redisUrl),
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
  return { urlOf, stop };
}
