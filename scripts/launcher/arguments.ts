import { STACK_SERVICES } from '../stack-definition.js';

export interface LauncherArguments {
  /** One service to run on its own; every service when absent. */
  service: string | undefined;
  /** Replicas per service, for services run more than once behind the balancer. */
  replicas: ReadonlyMap<string, number>;
  /** Run the built collector, Jaeger and Prometheus beside the services, which export to them. */
  withPipeline: boolean;
}

const MAX_REPLICAS = 9;

function knownService(name: string): string {
  if (STACK_SERVICES.some((s) => s.name === name)) return name;
  throw new Error(`unknown service '${name}'; one of: ${STACK_SERVICES.map((s) => s.name).join(', ')}`);
}

/** `--replicas budget=3,web=2`: each named service at most once, 1 to 9 replicas. */
function parseReplicas(text: string): Map<string, number> {
  const replicas = new Map<string, number>();
  for (const pair of text.split(',').filter(Boolean)) {
    const [name = '', count = ''] = pair.split('=');
    const n = Number(count);
    if (!/^\d+$/.test(count) || n < 1 || n > MAX_REPLICAS) {
      throw new Error(`--replicas ${pair}: the count must be a whole number from 1 to ${MAX_REPLICAS}`);
    }
    if (replicas.has(knownService(name))) throw new Error(`--replicas names ${name} twice`);
    replicas.set(name, n);
  }
  return replicas;
}

/** The launcher's command line: `[service] [--replicas name=n,...] [--with-pipeline]`, in any order. */
export function parseLauncherArguments(argv: readonly string[]): LauncherArguments {
  let service: string | undefined;
  let replicas = new Map<string, number>();
  let withPipeline = false;
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i]!;
    if (word === '--with-pipeline') {
      withPipeline = true;
    } else if (word === '--replicas' || word.startsWith('--replicas=')) {
      const value = word === '--replicas' ? argv[(i += 1)] : word.slice('--replicas='.length);
      if (!value) throw new Error('--replicas needs a list such as budget=3,web=2');
      replicas = parseReplicas(value);
    } else if (word.startsWith('-')) {
      throw new Error(
        `unknown option ${word}; the launcher takes [service] [--replicas name=n,...] [--with-pipeline]`,
      );
    } else if (service === undefined) {
      service = knownService(word);
    } else {
      throw new Error(`one service at most: ${service} and ${word} were named`);
    }
  }
  return { service, replicas, withPipeline };
}
