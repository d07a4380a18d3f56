import { TARGET_LIST_VARIABLES } from '../../scripts/stack-definition.js';

/**
 * Static checks of docker-compose.yml, otel-collector.yaml, jaeger/config.yaml and the Dockerfile: no
 * Docker engine runs where this repository is tested, so the files must be right by
 * construction. Each check is a pure function over parsed files that returns the problems it found,
 * one readable line each; an empty list means the check passed.
 */

type YamlMap = Record<string, unknown>;

export interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string } | null>;
  ports?: Array<string | number | { published?: string | number; target?: number; protocol?: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** A service of the stack and the environment its config requires (from scripts/stack-definition.ts). */
export interface RequiredEnvironment {
  name: string;
  env: Record<string, string>;
}

const isMap = (v: unknown): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (v: unknown): Array<[string, unknown]> => (isMap(v) ? Object.entries(v) : []);

/** `environment:` as a map, whichever of the two compose syntaxes the block uses. */
function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((line) => [line.split('=')[0] ?? '', line.split('=').slice(1).join('=')]),
    );
  }
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

function dependencies(service: ComposeService): Array<[string, string | undefined]> {
  const deps = service.depends_on;
  if (Array.isArray(deps)) return deps.map((name) => [name, undefined]);
  return Object.entries(deps ?? {}).map(([name, spec]) => [name, spec?.condition]);
}

/** Services that run once and exit (something waits for them with service_completed_successfully). */
function oneShots(compose: ComposeFile): Set<string> {
  return new Set(
    Object.values(compose.services).flatMap((s) =>
      dependencies(s)
        .filter(([, condition]) => condition === 'service_completed_successfully')
        .map(([name]) => name),
    ),
  );
}

/** An image without a tag or digest, on `latest`, or (not built here) on a tag with no version in it. */
export function unpinnedImages(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const image = service.image;
    if (!image) {
      if (!service.build) problems.push(`${name}: no image`);
      continue;
    }
    if (image.includes('@sha256:')) continue;
    const tag = /:([^/:]+)$/.exec(image)?.[1];
    if (!tag || tag === 'latest') problems.push(`${name}: ${image} is not pinned (no tag or latest)`);
    else if (!service.build && !/\d+\.\d+/.test(tag)) problems.push(`${name}: ${image} is not a version tag`);
  }
  return problems;
}

/** Long-running services without a healthcheck (one-shot services are exempt: they exit). */
export function missingHealthchecks(compose: ComposeFile): string[] {
  const exempt = oneShots(compose);
  return Object.entries(compose.services)
    .filter(([name]) => !exempt.has(name))
    .filter(([, s]) => {
      const test = s.healthcheck?.test;
      return !test || s.healthcheck?.disable === true || (Array.isArray(test) && test[0] === 'NONE');
    })
    .map(([name]) => `${name}: no healthcheck`);
}

/** Services of the stack (in the table, or built from this repository) must name themselves. */
export function missingServiceNames(compose: ComposeFile, stackNames: readonly string[]): string[] {
  return Object.entries(compose.services)
    .filter(([name, s]) => stackNames.includes(name) || s.build !== undefined)
    .filter(([name, s]) => environmentOf(s).OTEL_SERVICE_NAME !== name)
    .map(([name]) => `${name}: OTEL_SERVICE_NAME is not "${name}"`);
}

/** The port of an endpoint written `host:port` or as a URL. */
export function endpointOf(text: unknown): { host: string; port: number } | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const url = new URL(/^[a-z]+:\/\//.test(text) ? text : `tcp://${text}`);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : NaN));
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return undefined;
  }
}

/** The endpoint of one protocol of a receiver, e.g. otlp / http. */
export function receiverEndpoint(config: YamlMap, receiver: string, protocol: string): string | undefined {
  const protocols = (config.receivers as YamlMap | undefined)?.[receiver] as YamlMap | undefined;
  const spec = (protocols?.protocols as YamlMap | undefined)?.[protocol] as YamlMap | null | undefined;
  return typeof spec?.endpoint === 'string' ? spec.endpoint : undefined;
}

/** Every service that exports telemetry must send it to the collector's OTLP/HTTP receiver. */
export function exporterEndpointProblems(
  compose: ComposeFile,
  collector: { service: string; httpPort: number },
): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const env = environmentOf(service);
    if (!env.OTEL_SERVICE_NAME) continue;
    for (const variable of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
      if (variable.includes('TRACES') && env[variable] === undefined) continue;
      const at = endpointOf(env[variable]);
      if (at?.host !== collector.service || at.port !== collector.httpPort) {
        const want = `http://${collector.service}:${collector.httpPort}`;
        problems.push(`${name}: ${variable}=${env[variable] ?? '(unset)'} is not ${want}`);
      }
    }
  }
  return problems;
}

const GRPC_EXPORTERS = ['otlp_grpc', 'otlp'];
const HTTP_EXPORTERS = ['otlp_http', 'otlphttp'];

/** The collector's exporters to the Jaeger service must use the port of Jaeger's OTLP receiver. */
export function jaegerExporterProblems(collector: YamlMap, jaeger: YamlMap, jaegerService: string): string[] {
  const problems: string[] = [];
  let found = false;
  for (const [id, spec] of entries(collector.exporters)) {
    const type = id.split('/')[0] ?? '';
    const protocol = GRPC_EXPORTERS.includes(type) ? 'grpc' : HTTP_EXPORTERS.includes(type) ? 'http' : '';
    const at = endpointOf(isMap(spec) ? spec.endpoint : undefined);
    if (!protocol || at?.host !== jaegerService) continue;
    found = true;
    const port = endpointOf(receiverEndpoint(jaeger, 'otlp', protocol))?.port;
    if (at.port !== port)
      problems.push(`exporter ${id}: port ${at.port}, Jaeger's OTLP ${protocol} is ${port}`);
  }
  if (!found) problems.push(`no OTLP exporter sends to ${jaegerService}`);
  return problems;
}

/** Pipelines may only name defined components; with `memoryLimiterFirst`, memory_limiter leads. */
export function pipelineProblems(config: YamlMap, options: { memoryLimiterFirst: boolean }): string[] {
  const problems: string[] = [];
  const service = isMap(config.service) ? config.service : {};
  const defined = (kind: string) => new Set(Object.keys(isMap(config[kind]) ? config[kind] : {}));
  const connectors = defined('connectors');
  for (const id of (service.extensions as string[] | undefined) ?? []) {
    if (!defined('extensions').has(id)) problems.push(`extension ${id} is not defined`);
  }
  for (const [pipeline, spec] of entries(service.pipelines)) {
    for (const kind of ['receivers', 'processors', 'exporters']) {
      const ids = isMap(spec) && Array.isArray(spec[kind]) ? (spec[kind] as string[]) : [];
      for (const id of ids) {
        if (!defined(kind).has(id) && !(kind !== 'processors' && connectors.has(id))) {
          problems.push(`pipeline ${pipeline}: ${kind.slice(0, -1)} ${id} is not defined`);
        }
      }
      if (kind === 'processors' && options.memoryLimiterFirst && ids[0]?.split('/')[0] !== 'memory_limiter') {
        problems.push(`pipeline ${pipeline}: memory_limiter is not the first processor`);
      }
    }
  }
  return problems;
}

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/;

/** Receivers must bind an address other containers reach; no endpoint means localhost since v0.104. */
export function localhostReceivers(config: YamlMap): string[] {
  const problems: string[] = [];
  for (const [id, spec] of entries(config.receivers)) {
    const listeners = isMap(spec) && 'protocols' in spec ? entries(spec.protocols) : [[id, spec] as const];
    for (const [protocol, settings] of listeners) {
      const endpoint = isMap(settings) ? settings.endpoint : undefined;
      if (endpoint === undefined && listeners.length === 1 && protocol === id) continue;
      const host = endpointOf(endpoint)?.host;
      if (host === undefined || LOCAL_HOSTS.test(host)) {
        problems.push(
          `receiver ${id}/${protocol} listens on ${String(endpoint ?? 'the default (localhost)')}`,
        );
      }
    }
  }
  return problems;
}

/** Host ports (and ranges) a `ports:` entry publishes; a container-only entry publishes none. */
export function publishedPorts(entry: string | number | { published?: string | number; protocol?: string }) {
  if (typeof entry === 'number') return [];
  const [spec, protocol] = typeof entry === 'string' ? entry.split('/') : [undefined, entry.protocol];
  let host = typeof entry === 'string' ? undefined : entry.published;
  if (spec !== undefined) {
    const parts = spec.replace(/^\[[^\]]*\]:/, 'ip:').split(':');
    host = parts.length === 1 ? undefined : parts[parts.length - 2];
  }
  if (host === undefined || host === '') return [];
  const [from = NaN, to = from] = String(host).split('-').map(Number);
  const count = Number.isInteger(from) && to >= from ? to - from + 1 : 0;
  return Array.from({ length: count }, (_, i) => `${from + i}/${protocol ?? 'tcp'}`);
}

export function duplicateHostPorts(compose: ComposeFile): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    for (const port of (service.ports ?? []).flatMap(publishedPorts)) {
      const owner = owners.get(port);
      if (owner) problems.push(`host port ${port} is published by ${owner} and ${name}`);
      else owners.set(port, name);
    }
  }
  return problems;
}

export function missingDependencies(compose: ComposeFile): string[] {
  return Object.entries(compose.services).flatMap(([name, service]) =>
    dependencies(service)
      .filter(([dep]) => !(dep in compose.services))
      .map(([dep]) => `${name}: depends_on ${dep}, which is not a service`),
  );
}

const sameValue = (variable: string, a: string, b: string) =>
  TARGET_LIST_VARIABLES.includes(variable)
    ? a
        .split(',')
        .map((s) => s.trim())
        .sort()
        .join(',') ===
      b
        .split(',')
        .map((s) => s.trim())
        .sort()
        .join(',')
    : a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Every service of the table is in compose, with every variable its config requires, pointing right. */
export function requiredVariableProblems(
  compose: ComposeFile,
  required: readonly RequiredEnvironment[],
): string[] {
  const problems: string[] = [];
  for (const { name, env: want } of required) {
    const service = compose.services[name];
    if (!service) {
      problems.push(`${name}: in the stack table but not in docker-compose.yml`);
      continue;
    }
    const env = environmentOf(service);
    for (const [variable, value] of Object.entries(want)) {
      if (env[variable] === undefined) problems.push(`${name}: ${variable} is missing`);
      else if (!sameValue(variable, env[variable], value)) {
        problems.push(`${name}: ${variable}=${env[variable]}, expected ${value}`);
      }
    }
  }
  return problems;
}

/** A row of the stack table, as far as the topology checks need it. */
export interface TableRow {
  name: string;
  port: number;
}

/** The service a compose block runs, from its command (`./dist/services/<name>/main.js`). */
function builtService(service: ComposeService): string | undefined {
  const command = (service as { command?: unknown }).command;
  const words = Array.isArray(command) ? command : typeof command === 'string' ? command.split(/\s+/) : [];
  for (const word of words) {
    const name = /dist\/services\/([^/]+)\/main\.js$/.exec(String(word))?.[1];
    if (name) return name;
  }
  return undefined;
}

/**
 * Folders under services/, rows of the stack table and compose blocks name the same services: each
 * block runs its own service's entry on the table's port.
 */
export function topologyProblems(
  compose: ComposeFile,
  rows: readonly TableRow[],
  folders: readonly string[],
) {
  const problems: string[] = [];
  const inTable = new Set(rows.map((r) => r.name));
  for (const folder of folders) {
    if (!inTable.has(folder)) problems.push(`services/${folder}/ has no row in the stack table`);
  }
  for (const row of rows) {
    if (!folders.includes(row.name))
      problems.push(`${row.name}: in the stack table but no services/${row.name}/`);
    const service = compose.services[row.name];
    if (!service) continue; // requiredVariableProblems reports it
    const runs = builtService(service);
    if (runs !== row.name) problems.push(`${row.name}: its compose block runs ${runs ?? 'no service entry'}`);
    const port = environmentOf(service).PORT;
    if (port !== String(row.port))
      problems.push(`${row.name}: PORT=${port ?? '(unset)'}, the table says ${row.port}`);
  }
  for (const [name, service] of Object.entries(compose.services)) {
    if (builtService(service) !== undefined && !inTable.has(name)) {
      problems.push(`${name}: a compose block for a service that is not in the stack table`);
    }
  }
  return problems;
}

/** Variables pointing at other services that a block sets but the table does not derive for it. */
export function unexpectedUpstreamVariables(compose: ComposeFile, required: readonly RequiredEnvironment[]) {
  return required.flatMap(({ name, env: want }) =>
    Object.keys(environmentOf(compose.services[name] ?? {}))
      // Redis is shared infrastructure, not an upstream: every block inherits REDIS_URL.
      .filter((variable) => variable !== 'REDIS_URL')
      .filter((variable) => /_URL$/.test(variable) || TARGET_LIST_VARIABLES.includes(variable))
      .filter((variable) => !(variable in want))
      .map((variable) => `${name}: ${variable} is set, but the stack table gives ${name} no such upstream`),
  );
}

/** Sources of COPY/ADD from the build context (not --from=stage), with line continuations joined. */
function copySources(dockerfile: string): string[] {
  const lines = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const sources: string[] = [];
  for (const line of lines) {
    const match = /^\s*(COPY|ADD)\s+(.*)$/i.exec(line);
    if (!match?.[2]) continue;
    let args: string[];
    const rest = match[2].trim();
    const flags = rest.match(/^(--\S+\s+)*/)?.[0] ?? '';
    if (/--from=/.test(flags)) continue;
    const operands = rest.slice(flags.length).trim();
    if (operands.startsWith('[')) args = JSON.parse(operands) as string[];
    else args = operands.split(/\s+/);
    sources.push(...args.slice(0, -1));
  }
  return sources;
}

/** `.dockerignore` patterns as a predicate over context-relative paths (no `!` exceptions needed here). */
export function dockerignore(text: string): (path: string) => boolean {
  const patterns = text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^\//, '').replace(/\/$/, ''))
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .map((p) => {
      const body = p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\0')
        .replace(/\*/g, '[^/]*');
      return new RegExp(`^${body.replace(/\0/g, '.*').replace(/\?/g, '[^/]')}(/.*)?$`);
    });
  return (path) => patterns.some((p) => p.test(path.replace(/^\.\//, '')));
}

/** Files the Dockerfile copies must exist and must not be cut from the build context. */
export function missingCopySources(
  dockerfile: string,
  exists: (path: string) => boolean,
  ignored: (path: string) => boolean,
): string[] {
  return copySources(dockerfile).flatMap((source) => {
    if (!exists(source)) return [`COPY ${source}: no such file in the repository`];
    if (ignored(source)) return [`COPY ${source}: excluded from the build context by .dockerignore`];
    return [];
  });
}
