/**
 * Static checks that tie the built pipeline (pipeline/) to the configs and to docker-compose.yml: the
 * builder manifest lists exactly the components otel-collector.yaml uses, all at one release; the
 * images are the releases built here; metrics flow collector -> Prometheus <- Jaeger. Like
 * compose-checks.ts, each returns the problems it found, one line each.
 */
import { endpointOf, type ComposeFile } from './compose-checks.js';
import type { BuilderManifest, PipelineVersions } from './pipeline-versions.js';

type YamlMap = Record<string, unknown>;

const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;

/** Component types whose Go package is not named after the type (the type was renamed in 0.144). */
const PACKAGE_OF_TYPE: Record<string, string> = { otlp_grpc: 'otlp' };

/** `exporters/otlp_grpc` for each component a config defines: the part of the id before `/`. */
export function componentTypes(config: YamlMap): string[] {
  return KINDS.flatMap((kind) =>
    Object.keys((config[kind] as YamlMap | undefined) ?? {}).map((id) => `${kind}/${id.split('/')[0]}`),
  );
}

/** `exporters/otlp` for each module, from its package name (otlpexporter) less the kind's suffix. */
export function manifestTypes(manifest: BuilderManifest): string[] {
  return KINDS.flatMap((kind) =>
    (manifest[kind] ?? []).map((entry) => {
      const name = entry.gomod.split(' ')[0]?.split('/').pop() ?? '';
      return `${kind}/${name.replace(new RegExp(`${kind.slice(0, -1)}$`), '')}`;
    }),
  );
}

/** Every component the config uses is built in, and nothing else is. */
export function manifestComponentProblems(manifest: BuilderManifest, config: YamlMap): string[] {
  const used = new Set(
    componentTypes(config).map((t) => {
      const [kind, type = ''] = t.split('/');
      return `${kind}/${(PACKAGE_OF_TYPE[type] ?? type).replace(/_/g, '')}`;
    }),
  );
  const built = new Set(manifestTypes(manifest));
  return [
    ...[...used].filter((t) => !built.has(t)).map((t) => `${t} is used by the config but not built`),
    ...[...built].filter((t) => !used.has(t)).map((t) => `${t} is built but the config does not use it`),
  ];
}

/**
 * One release for every module: v0.N.p, or for the collector's stable modules (confmap providers)
 * v1.(N-94).p, the pairing the collector has kept since v1.0.0 came out with v0.94.0.
 */
export function manifestReleaseProblems(manifest: BuilderManifest): string[] {
  const [, minor = NaN, patch = NaN] = manifest.dist.version.split('.').map(Number);
  const allowed = [`v${manifest.dist.version}`, `v1.${minor - 94}.${patch}`];
  return [...KINDS, 'providers' as const].flatMap((kind) =>
    (manifest[kind] ?? [])
      .filter((entry) => !allowed.includes(entry.gomod.split(' ')[1] ?? ''))
      .map((entry) => `${kind}: ${entry.gomod} is not at ${allowed.join(' / ')}`),
  );
}

const tagOf = (compose: ComposeFile, repository: string) =>
  Object.values(compose.services)
    .map((s) => s.image ?? '')
    .find((image) => image.split(':')[0] === repository)
    ?.split(':')[1];

/** Each image of the pipeline is the release `npm run pipeline:build` builds. */
export function imageVersionProblems(compose: ComposeFile, versions: PipelineVersions): string[] {
  const wanted: Array<[string, string]> = [
    ['otel/opentelemetry-collector-contrib', versions.collector],
    ['jaegertracing/jaeger', versions.jaeger],
    ['prom/prometheus', `v${versions.prometheus}`],
  ];
  return wanted.flatMap(([repository, tag]) => {
    const found = tagOf(compose, repository);
    return found === tag ? [] : [`${repository}:${found ?? '(missing)'} is not the built ${tag}`];
  });
}

const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((at, key) => (at as YamlMap | undefined)?.[key], value);

/**
 * The collector pushes metrics to the Prometheus service's OTLP receiver, and Jaeger's metric backend
 * reads the same Prometheus: the Monitor tab shows what the collector sent.
 */
export function metricsPathProblems(
  collector: YamlMap,
  jaeger: YamlMap,
  prometheusService: string,
): string[] {
  const problems: string[] = [];
  const exporters = Object.entries((collector.exporters as YamlMap | undefined) ?? {});
  const push = exporters.find(([, spec]) => {
    const url = get(spec, 'metrics_endpoint') ?? get(spec, 'endpoint');
    return endpointOf(url)?.host === prometheusService;
  });
  if (!push) problems.push(`no collector exporter sends metrics to ${prometheusService}`);
  else if (!String(get(push[1], 'metrics_endpoint')).endsWith('/api/v1/otlp/v1/metrics')) {
    problems.push(`exporter ${push[0]}: not Prometheus' OTLP path /api/v1/otlp/v1/metrics`);
  }
  const backends = Object.values(
    (get(jaeger, 'extensions', 'jaeger_storage', 'metric_backends') as YamlMap) ?? {},
  );
  const reads = backends.some(
    (b) => endpointOf(get(b, 'prometheus', 'endpoint'))?.host === prometheusService,
  );
  if (!reads) problems.push(`no Jaeger metric backend reads ${prometheusService}`);
  return problems;
}
