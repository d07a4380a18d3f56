/**
 * The container set-up checked without a Docker engine: the checks in
 * tests/support/compose-checks.ts run on the real files, and each is shown able to fail on a mutated copy.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STACK_SERVICES, serviceEnvironment } from '../../scripts/stack-definition.js';
import {
  dockerignore,
  duplicateHostPorts,
  endpointOf,
  exporterEndpointProblems,
  jaegerExporterProblems,
  localhostReceivers,
  missingCopySources,
  missingDependencies,
  missingHealthchecks,
  missingServiceNames,
  pipelineProblems,
  receiverEndpoint,
  requiredVariableProblems,
  topologyProblems,
  unexpectedUpstreamVariables,
  unpinnedImages,
  type ComposeFile,
} from '../support/compose-checks.js';
import { referencesWithoutDefault, withEnvDefaults } from '../support/config-env.js';
import {
  imageVersionProblems,
  manifestComponentProblems,
  manifestReleaseProblems,
  metricsPathProblems,
} from '../support/pipeline-checks.js';
import { pipelineVersions, readManifest } from '../support/pipeline-versions.js';
import { ROOT } from '../../scripts/tooling/root.js';
import { COMPOSE_DEV_SECRETS } from '../support/compose.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
// Compose files use `<<` merge keys (the shared x-service blocks); the yaml package needs them enabled.
const yaml = (path: string) => parse(read(path), { merge: true }) as Record<string, unknown>;

// The collector's and Jaeger's files read with their `${env:NAME:-default}` defaults: what compose runs.
const configYaml = (path: string) => parse(withEnvDefaults(read(path))) as Record<string, unknown>;

const compose = yaml('docker-compose.yml') as unknown as ComposeFile;
const collector = configYaml('otel-collector.yaml');
const jaeger = configYaml('jaeger/config.yaml');
const manifest = readManifest(ROOT);
const dockerfile = read('Dockerfile');

const serviceWithImage = (part: string) =>
  Object.entries(compose.services).find(([, s]) => s.image?.includes(part))?.[0] ?? `(no ${part} image)`;
const COLLECTOR = serviceWithImage('opentelemetry-collector-contrib');
const JAEGER = serviceWithImage('jaegertracing/jaeger');
const PROMETHEUS = serviceWithImage('prom/prometheus');
const COLLECTOR_HTTP_PORT = endpointOf(receiverEndpoint(collector, 'otlp', 'http'))?.port ?? NaN;

/** The secrets as docker-compose.yml writes them: the variable, else the harness's dev default. */
const COMPOSE_SECRETS = {
  adminToken: `\${ADMIN_TOKEN:-${COMPOSE_DEV_SECRETS.adminToken}}`,
  gatewaySecret: `\${GATEWAY_SECRET:-${COMPOSE_DEV_SECRETS.gatewaySecret}}`,
};
/** What each service's config requires inside the compose network: names resolve to services. */
const portOf = (name: string) => STACK_SERVICES.find((s) => s.name === name)?.port;
const REQUIRED = STACK_SERVICES.map((s) => ({
  name: s.name,
  env: serviceEnvironment(
    s,
    (name) => `http://${name}:${portOf(name)}`,
    'redis://redis:6379',
    COMPOSE_SECRETS,
  ),
}));

const FOLDERS = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const copy = <T>(value: T): T => structuredClone(value);

describe('compose, collector and Jaeger files, checked statically', () => {
  it('when images are read, then each is pinned to a version and none is latest', () => {
    expect(unpinnedImages(compose)).toEqual([]);
  });

  it('when services are read, then each long-running one has a healthcheck', () => {
    expect(missingHealthchecks(compose)).toEqual([]);
  });

  it('when stack services are read, then each sets OTEL_SERVICE_NAME to its own name', () => {
    expect(
      missingServiceNames(
        compose,
        STACK_SERVICES.map((s) => s.name),
      ),
    ).toEqual([]);
  });

  it("when exporter endpoints are read, then each points at the collector's OTLP/HTTP receiver", () => {
    expect(COLLECTOR_HTTP_PORT).toBe(4318);
    expect(exporterEndpointProblems(compose, { service: COLLECTOR, httpPort: COLLECTOR_HTTP_PORT })).toEqual(
      [],
    );
  });

  it("when the collector's exporters are read, then the Jaeger one uses Jaeger's OTLP port", () => {
    expect(jaegerExporterProblems(collector, jaeger, JAEGER)).toEqual([]);
  });

  it('when pipelines are read, then they name only defined components and memory_limiter leads', () => {
    expect(pipelineProblems(collector, { memoryLimiterFirst: true })).toEqual([]);
    expect(pipelineProblems(jaeger, { memoryLimiterFirst: false })).toEqual([]);
  });

  it('when the configs are read, then every ${env:...} reference has a default for compose', () => {
    expect(referencesWithoutDefault(read('otel-collector.yaml'))).toEqual([]);
    expect(referencesWithoutDefault(read('jaeger/config.yaml'))).toEqual([]);
  });

  it('when the metrics path is read, then the collector pushes to Prometheus and Jaeger reads it', () => {
    expect(metricsPathProblems(collector, jaeger, PROMETHEUS)).toEqual([]);
  });

  it('when the builder manifest is read, then it builds exactly the components used, at one release', () => {
    expect(manifestComponentProblems(manifest, collector)).toEqual([]);
    expect(manifestReleaseProblems(manifest)).toEqual([]);
  });

  it('when images are read, then each pipeline image is the release `npm run pipeline:build` builds', () => {
    expect(imageVersionProblems(compose, pipelineVersions(ROOT))).toEqual([]);
  });

  it('when receivers are read, then none binds to localhost', () => {
    expect(localhostReceivers(collector)).toEqual([]);
    expect(localhostReceivers(jaeger)).toEqual([]);
  });

  it('when published ports are read, then no host port is published twice', () => {
    expect(duplicateHostPorts(compose)).toEqual([]);
  });

  it('when depends_on is read, then it names only services that exist', () => {
    expect(missingDependencies(compose)).toEqual([]);
  });

  it('when the stack table is read, then every service is in compose with every variable it requires', () => {
    expect(requiredVariableProblems(compose, REQUIRED)).toEqual([]);
  });

  it('when services/, the stack table and compose are read, then they name the same services on the same ports', () => {
    expect(FOLDERS.length).toBeGreaterThan(0);
    expect(topologyProblems(compose, STACK_SERVICES, FOLDERS)).toEqual([]);
  });

  it('when compose blocks are read, then none sets an upstream variable the table does not derive', () => {
    expect(unexpectedUpstreamVariables(compose, REQUIRED)).toEqual([]);
  });

  it('when the Dockerfile is read, then every file it copies exists in the build context', () => {
    const ignored = dockerignore(read('.dockerignore'));
    expect(missingCopySources(dockerfile, (p) => existsSync(join(ROOT, p)), ignored)).toEqual([]);
  });

  it('when docker-compose is installed, then `config -q` accepts the file', (ctx) => {
    const cli = composeCli();
    ctx.skip(cli === undefined, 'neither `docker-compose` nor `docker compose` is installed here');
    if (!cli) return;
    const [bin, ...pre] = cli;
    // Validates schema, merge keys and interpolation; needs no engine.
    execFileSync(bin, [...pre, '-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  });
});

describe('the static checks, on mutated copies', () => {
  it('when an image floats on latest, then it is reported', () => {
    const bad = copy(compose);
    bad.services.redis!.image = 'redis:latest';
    expect(unpinnedImages(bad)).toEqual(['redis: redis:latest is not pinned (no tag or latest)']);
  });

  it('when a service loses its healthcheck or its name, then both are reported', () => {
    const bad = copy(compose);
    delete bad.services.budget!.healthcheck;
    bad.services.budget!.environment = { REDIS_URL: 'redis://redis:6379' };
    expect(missingHealthchecks(bad)).toEqual(['budget: no healthcheck']);
    expect(missingServiceNames(bad, ['budget'])).toEqual(['budget: OTEL_SERVICE_NAME is not "budget"']);
  });

  it('when a service exports to the collector gRPC port, then it is reported', () => {
    const bad = copy(compose);
    (bad.services.web!.environment as Record<string, string>).OTEL_EXPORTER_OTLP_ENDPOINT =
      'http://otel-collector:4317';
    expect(exporterEndpointProblems(bad, { service: COLLECTOR, httpPort: 4318 })).toEqual([
      'web: OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317 is not http://otel-collector:4318',
    ]);
  });

  it('when the Jaeger exporter targets the wrong port, then it is reported', () => {
    const bad = copy(collector) as { exporters: Record<string, { endpoint: string }> };
    bad.exporters['otlp_grpc/jaeger']!.endpoint = 'jaeger:4318';
    expect(jaegerExporterProblems(bad, jaeger, JAEGER)).toEqual([
      "exporter otlp_grpc/jaeger: port 4318, Jaeger's OTLP grpc is 4317",
    ]);
  });

  it('when batch precedes memory_limiter or a component is undefined, then both are reported', () => {
    const bad = copy(collector) as { service: { pipelines: { traces: { processors: string[] } } } };
    bad.service.pipelines.traces.processors = ['batch', 'memory_limiter', 'transform/missing'];
    expect(pipelineProblems(bad, { memoryLimiterFirst: true })).toEqual([
      'pipeline traces: processor transform/missing is not defined',
      'pipeline traces: memory_limiter is not the first processor',
    ]);
  });

  it('when a receiver has no endpoint or binds 127.0.0.1, then it is reported', () => {
    const bad = copy(collector) as { receivers: { otlp: { protocols: Record<string, unknown> } } };
    bad.receivers.otlp.protocols = { grpc: null, http: { endpoint: '127.0.0.1:4318' } };
    expect(localhostReceivers(bad)).toEqual([
      'receiver otlp/grpc listens on the default (localhost)',
      'receiver otlp/http listens on 127.0.0.1:4318',
    ]);
  });

  it('when a reference has no default, then it is reported', () => {
    expect(
      referencesWithoutDefault('endpoint: ${env:OTELCOL_X}\nother: ${env:Y:-1}\nescaped: $${1}'),
    ).toEqual(['${env:OTELCOL_X}']);
  });

  it('when the collector stops pushing metrics to Prometheus or Jaeger reads another, then both are reported', () => {
    const bad = copy(collector) as { exporters: Record<string, Record<string, string>> };
    bad.exporters['otlp_http/prometheus']!.metrics_endpoint = 'http://metrics:9090/api/v1/otlp/v1/metrics';
    const badJaeger = parse(
      withEnvDefaults(read('jaeger/config.yaml'), { JAEGER_PROMETHEUS_URL: 'http://x:9090' }),
    );
    expect(metricsPathProblems(bad, badJaeger as Record<string, unknown>, PROMETHEUS)).toEqual([
      `no collector exporter sends metrics to ${PROMETHEUS}`,
      `no Jaeger metric backend reads ${PROMETHEUS}`,
    ]);
  });

  it('when the manifest misses a used component, builds an unused one or mixes releases, then each is reported', () => {
    const bad = copy(manifest);
    bad.processors = bad.processors!.filter((p) => !p.gomod.includes('transformprocessor'));
    bad.receivers!.push({
      gomod: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/kafkareceiver v0.165.1',
    });
    expect(manifestComponentProblems(bad, collector)).toEqual([
      'processors/transform is used by the config but not built',
      'receivers/kafka is built but the config does not use it',
    ]);
    expect(manifestReleaseProblems(bad)).toEqual([
      'receivers: github.com/open-telemetry/opentelemetry-collector-contrib/receiver/kafkareceiver v0.165.1 is not at v0.161.0 / v1.67.0',
    ]);
  });

  it('when an image is not the release built here, then it is reported', () => {
    const bad = copy(compose);
    bad.services.jaeger!.image = 'jaegertracing/jaeger:2.21.0';
    expect(imageVersionProblems(bad, pipelineVersions(ROOT))).toEqual([
      'jaegertracing/jaeger:2.21.0 is not the built 2.13.0',
    ]);
  });

  it('when two services publish one host port, then it is reported', () => {
    const bad = copy(compose);
    bad.services.budget!.ports = ['3000:3003'];
    expect(duplicateHostPorts(bad)).toEqual(['host port 3000/tcp is published by budget and web']);
  });

  it('when depends_on names a missing service, then it is reported', () => {
    const bad = copy(compose);
    bad.services.web!.depends_on = { ...(bad.services.web!.depends_on as object), cache: {} };
    expect(missingDependencies(bad)).toEqual(['web: depends_on cache, which is not a service']);
  });

  it('when a required variable is missing or a table service has no block, then both are reported', () => {
    const bad = copy(compose);
    delete (bad.services.coach!.environment as Record<string, string>).BUDGET_URL;
    const required = [...REQUIRED, { name: 'not-in-compose', env: { OTEL_SERVICE_NAME: 'not-in-compose' } }];
    expect(requiredVariableProblems(bad, required)).toEqual([
      'coach: BUDGET_URL is missing',
      'not-in-compose: in the stack table but not in docker-compose.yml',
    ]);
  });

  it('when a folder, a row or a block is missing, or a port or entry disagrees, then each is reported', () => {
    const bad = copy(compose);
    bad.services.cup!.environment = { ...(bad.services.cup!.environment as object), PORT: '3999' };
    (bad.services.training as { command: string[] }).command = ['./dist/services/cup/main.js'];
    bad.services.orphan = { ...copy(bad.services.cup!) };
    (bad.services.orphan as { command: string[] }).command = ['./dist/services/orphan/main.js'];
    const rows = [...STACK_SERVICES, { name: 'no-folder', port: 3999 }];
    expect(topologyProblems(bad, rows, [...FOLDERS, 'no-row'])).toEqual([
      'services/no-row/ has no row in the stack table',
      'training: its compose block runs cup',
      'cup: PORT=3999, the table says 3007',
      'no-folder: in the stack table but no services/no-folder/',
      'orphan: a compose block for a service that is not in the stack table',
    ]);
  });

  it('when a block points at an upstream the table does not give it, then it is reported', () => {
    const bad = copy(compose);
    (bad.services.cup!.environment as Record<string, string>).BUDGET_URL = 'http://budget:3003';
    expect(unexpectedUpstreamVariables(bad, REQUIRED)).toEqual([
      'cup: BUDGET_URL is set, but the stack table gives cup no such upstream',
    ]);
  });

  it('when the Dockerfile copies a missing or ignored file, then it is reported', () => {
    const text = `${dockerfile}\nCOPY no-such-file ./\nCOPY tests ./tests\n`;
    const ignored = dockerignore(read('.dockerignore'));
    expect(missingCopySources(text, (p) => existsSync(join(ROOT, p)), ignored)).toEqual([
      'COPY no-such-file: no such file in the repository',
      'COPY tests: excluded from the build context by .dockerignore',
    ]);
  });
});

/** `docker-compose` (Debian's package validates without an engine) or the `docker compose` plugin. */
function composeCli(): [string, ...string[]] | undefined {
  const candidates: Array<[string, ...string[]]> = [['docker-compose'], ['docker', 'compose']];
  return candidates.find(
    ([bin, ...pre]) => spawnSync(bin, [...pre, 'version'], { stdio: 'ignore' }).status === 0,
  );
}
