/**
 * The Helm chart, rendered by the pinned helm (scripts/helm-build.sh) with its default values and with
 * every option on, checked without a cluster: probes, resources, disruption budgets, Services, HPAs,
 * non-root, shutdown timing, and each service's environment against scripts/stack-definition.ts. The
 * checks themselves are shown to fail on broken renders. Run with `npm run test:helm`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { withEnvDefaults } from '../support/config-env.js';
import {
  ADMIN_TOKEN_VARIABLE,
  GATEWAY_SECRET_VARIABLE,
  newStackSecrets,
  STACK_SERVICES,
  TARGET_LIST_VARIABLES,
  serviceEnvironment,
} from '../../scripts/stack-definition.js';

/** The stack's secrets, and their keys in the chart's Secret. */
const SECRET_KEYS: Record<string, string> = {
  [ADMIN_TOKEN_VARIABLE]: 'admin-token',
  [GATEWAY_SECRET_VARIABLE]: 'gateway-secret',
};
import {
  autoscalerProblems,
  containersOf,
  envOf,
  exposedServices,
  id,
  missingDisruptionBudgets,
  missingProbes,
  missingResources,
  missingTopologySpread,
  named,
  ofKind,
  podTemplate,
  rootProblems,
  servicesSelectingNothing,
  shutdownProblems,
  workloads,
  type Manifest,
} from '../support/helm-checks.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CHART = join(ROOT, 'deploy/helm/otel-stack');
const ALL_OPTIONS = join(CHART, 'ci/all-options-values.yaml');
const RELEASE = 'otel-stack';
const NAMESPACE = 'observability';
const name = (component: string) => `${RELEASE}-${component}`;

let helm = '';
let validator = '';

/** The pinned helm: $HELM when given, else the build script's answer (no work when already built). */
function helmBinary(): string {
  if (process.env.HELM) return process.env.HELM;
  const out = execFileSync('bash', [join(ROOT, 'scripts/helm-build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').at(-1) ?? '';
}

/** The strict decoder (scripts/k8s-validate): $K8S_VALIDATE when given, else its build script's answer. */
function validatorBinary(): string {
  if (process.env.K8S_VALIDATE) return process.env.K8S_VALIDATE;
  const out = execFileSync('bash', [join(ROOT, 'scripts/k8s-validate-build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').at(-1) ?? '';
}

/** Decodes manifests strictly into the Kubernetes API types; the problems, one line each. */
function strictDecodeProblems(yamlText: string): {
  status: number | null;
  problems: string[];
  summary: string;
} {
  const result = spawnSync(validator, [], { input: yamlText, encoding: 'utf8' });
  const problems = result.stdout.split('\n').filter((line) => line.length > 0);
  return { status: result.status, problems, summary: result.stderr.trim() };
}

interface Render {
  status: number | null;
  stderr: string;
  stdout: string;
  manifests: Manifest[];
}

function render(...args: string[]): Render {
  const result = spawnSync(helm, ['template', RELEASE, CHART, '--namespace', NAMESPACE, ...args], {
    encoding: 'utf8',
  });
  if (result.status !== 0) return { status: result.status, stderr: result.stderr, stdout: '', manifests: [] };
  const documents = parseAllDocuments(result.stdout);
  const errors = documents.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length > 0) throw new Error(`helm template printed invalid YAML: ${errors.join('; ')}`);
  const manifests = documents
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, manifests };
}

function rendered(...args: string[]): Manifest[] {
  const result = render(...args);
  if (result.status !== 0) throw new Error(`helm template ${args.join(' ')} failed: ${result.stderr}`);
  return result.manifests;
}

const stackDeployments = (manifests: Manifest[]) =>
  STACK_SERVICES.map((s) => named(manifests, 'Deployment', name(s.name))).filter((d): d is Manifest => !!d);
const onlyContainer = (workload: Manifest | undefined) => {
  const containers = workload ? containersOf(workload) : [];
  if (containers.length !== 1)
    throw new Error(`expected one container in ${workload ? id(workload) : 'nothing'}`);
  return containers[0]!;
};
/** A value deep inside parsed YAML, by its keys; undefined when any step is missing. */
const dig = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
    value,
  );
const configOf = (manifests: Manifest[], configMap: string, key = 'config.yaml'): unknown =>
  parse(named(manifests, 'ConfigMap', name(configMap))?.data?.[key] ?? 'null');
// The collector's and Jaeger's files carry `${env:NAME:-default}` addresses; the defaults are what
// compose runs, and what the chart must match.
const repoYaml = (path: string): unknown =>
  parse(withEnvDefaults(readFileSync(join(ROOT, path), 'utf8')), { merge: true });

beforeAll(() => {
  helm = helmBinary();
  validator = validatorBinary();
});

describe.each([
  ['default values', [] as string[]],
  ['every option on', ['-f', ALL_OPTIONS]],
])('helm chart rendered with %s', (_label, args) => {
  let manifests: Manifest[] = [];
  let text = '';
  beforeAll(() => {
    const result = render(...args);
    if (result.status !== 0) throw new Error(`helm template ${args.join(' ')} failed: ${result.stderr}`);
    manifests = result.manifests;
    text = result.stdout;
  });

  it('when decoded strictly into the Kubernetes API types, then no object has an unknown field or a wrong type', () => {
    const decoded = strictDecodeProblems(text);
    expect(decoded.problems).toEqual([]);
    expect(decoded.summary).toBe(`k8s-validate: ${manifests.length} object(s), 0 problem(s)`);
    expect(decoded.status).toBe(0);
  });

  it('when linted strictly, then helm reports no problem', () => {
    const lint = spawnSync(helm, ['lint', '--strict', CHART, '--namespace', NAMESPACE, ...args], {
      encoding: 'utf8',
    });
    expect(lint.stdout + lint.stderr).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(lint.status).toBe(0);
  });

  it('when rendered, then each service of the stack has a Deployment and a Service, plus the collector and Jaeger', () => {
    const expected = [
      ...STACK_SERVICES.flatMap((s) => [`Deployment/${name(s.name)}`, `Service/${name(s.name)}`]),
      `DaemonSet/${name('collector-agent')}`,
      `Deployment/${name('collector-gateway')}`,
      `Deployment/${name('jaeger')}`,
    ];
    expect(manifests.map(id)).toEqual(expect.arrayContaining(expected));
    expect(workloads(manifests)).toHaveLength(STACK_SERVICES.length + 3);
  });

  it('when rendered, then every workload has readiness, liveness and startup probes', () => {
    expect(missingProbes(manifests)).toEqual([]);
  });

  it('when rendered, then every container has CPU and memory requests and a memory limit', () => {
    expect(missingResources(manifests)).toEqual([]);
  });

  it('when rendered, then every Deployment has a PodDisruptionBudget (the DaemonSet excepted)', () => {
    expect(missingDisruptionBudgets(manifests)).toEqual([]);
  });

  it('when rendered, then every Service selects the pods of a workload on a port they have', () => {
    expect(servicesSelectingNothing(manifests)).toEqual([]);
  });

  it('when rendered, then every HPA targets a Deployment of the chart that leaves replicas to it', () => {
    expect(ofKind(manifests, 'HorizontalPodAutoscaler').length).toBeGreaterThan(0);
    expect(autoscalerProblems(manifests)).toEqual([]);
  });

  it('when rendered, then nothing runs as root, escalates, keeps capabilities or writes its root filesystem', () => {
    expect(rootProblems(manifests)).toEqual([]);
  });

  it('when rendered, then the preStop sleep and the drain fit in the termination grace period', () => {
    expect(shutdownProblems(stackDeployments(manifests))).toHaveLength(0);
    expect(stackDeployments(manifests)).toHaveLength(STACK_SERVICES.length);
  });

  it('when rendered, then every multi-pod Deployment spreads its pods over zones and nodes', () => {
    const spread = [
      ...stackDeployments(manifests),
      named(manifests, 'Deployment', name('collector-gateway')),
    ];
    expect(missingTopologySpread(spread.filter((d): d is Manifest => !!d))).toEqual([]);
  });

  it('when rendered, then only the gateway (web) is reachable from outside the cluster', () => {
    expect(exposedServices(manifests, [name('web')])).toEqual([]);
    const web = named(manifests, 'Service', name('web'));
    expect(web?.spec?.type).toBe('LoadBalancer');
    // The client's own address reaches web (no SNAT): the rate limit keys anonymous clients by it.
    expect(web?.spec?.externalTrafficPolicy).toBe('Local');
  });

  it('when rendered, then every image is pinned to a version', () => {
    const images = workloads(manifests).flatMap((w) => containersOf(w).map((c) => c.image ?? ''));
    expect(images.filter((image) => !/:[\w.-]+$/.test(image) || image.endsWith(':latest'))).toEqual([]);
  });

  it('when rendered, then each service runs its entry with the environment stack-definition.ts derives', () => {
    const ports = new Map(STACK_SERVICES.map((s) => [s.name, s.port]));
    const urlOf = (target: string) => `http://${name(target)}:${ports.get(target)}`;
    for (const service of STACK_SERVICES) {
      const container = onlyContainer(named(manifests, 'Deployment', name(service.name)));
      const env = envOf(container);
      const expected = serviceEnvironment(service, urlOf, 'redis://redis:6379', newStackSecrets());
      for (const [variable, value] of Object.entries(expected)) {
        const where = `${service.name} ${variable}`;
        if (SECRET_KEYS[variable]) {
          // From the chart's Secret, never a plain value in the manifest.
          const ref = container.env?.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
          expect(ref, where).toEqual({ name: name('secrets'), key: SECRET_KEYS[variable] });
        } else if (variable === 'REDIS_URL') {
          expect(
            container.env?.some((e) => e.name === 'REDIS_URL'),
            where,
          ).toBe(true);
        } else if (TARGET_LIST_VARIABLES.includes(variable)) {
          expect(new Set(env[variable]?.split(',')), where).toEqual(new Set(value.split(',')));
        } else {
          expect(env[variable], where).toBe(value);
        }
      }
      expect(
        container.env?.some((e) => e.name === 'REDIS_URL'),
        `${service.name} REDIS_URL`,
      ).toBe(service.redis);
      expect(env.PORT).toBe(String(service.port));
      expect(container.args).toEqual([`./dist/services/${service.name}/main.js`]);
      expect(container.ports?.map((p) => p.containerPort)).toEqual([service.port]);
      expect(env.OTEL_RESOURCE_ATTRIBUTES).toContain('k8s.pod.name=$(POD_NAME)');
    }
  });

  it('when rendered, then the agent forwards to the gateway and the gateway exports to Jaeger', () => {
    const agent = configOf(manifests, 'collector-agent');
    const gateway = configOf(manifests, 'collector-gateway');
    const toGateway = dig(agent, 'exporters', 'otlp_grpc/gateway', 'endpoint');
    expect(toGateway).toBe(`dns:///${name('collector-gateway-headless')}.${NAMESPACE}.svc:4317`);
    const headless = named(manifests, 'Service', name('collector-gateway-headless'));
    expect(headless?.spec?.clusterIP).toBe('None');
    expect(dig(agent, 'service', 'pipelines', 'traces', 'exporters')).toEqual(['otlp_grpc/gateway']);

    const toJaeger = dig(gateway, 'exporters', 'otlp_grpc/jaeger', 'endpoint');
    expect(toJaeger).toBe(`${name('jaeger')}:4317`);
    const jaegerPorts = (named(manifests, 'Service', name('jaeger'))?.spec?.ports ?? []) as {
      port: number;
    }[];
    expect(jaegerPorts.map((p) => p.port)).toContain(4317);
    expect(dig(gateway, 'service', 'pipelines', 'traces', 'exporters')).toEqual(['otlp_grpc/jaeger']);
  });

  it('when rendered, then the gateway redacts, limits memory, batches and exports to Jaeger as otel-collector.yaml does', () => {
    const repo = repoYaml('otel-collector.yaml');
    const gateway = configOf(manifests, 'collector-gateway');
    expect(dig(gateway, 'processors', 'attributes/redact')).toEqual(
      dig(repo, 'processors', 'attributes/redact'),
    );
    expect(dig(gateway, 'processors', 'transform/redact')).toEqual(
      dig(repo, 'processors', 'transform/redact'),
    );
    expect(dig(gateway, 'processors', 'memory_limiter')).toEqual(dig(repo, 'processors', 'memory_limiter'));
    expect(dig(gateway, 'processors', 'batch')).toEqual(dig(repo, 'processors', 'batch'));
    // The Jaeger exporter's queue, retries and TLS; only the endpoint differs (a Service name here).
    const exporter = (config: unknown) => ({
      ...(dig(config, 'exporters', 'otlp_grpc/jaeger') as Record<string, unknown>),
      endpoint: 'jaeger',
    });
    expect(exporter(gateway)).toEqual(exporter(repo));
    expect(dig(gateway, 'service', 'pipelines', 'traces', 'processors')).toEqual(
      dig(repo, 'service', 'pipelines', 'traces', 'processors'),
    );
  });

  it('when rendered, then the collector and Jaeger run the images docker-compose.yml pins', () => {
    const compose = repoYaml('docker-compose.yml');
    const composeImage = (part: string) =>
      Object.values(dig(compose, 'services') as Record<string, { image?: string }>).find((s) =>
        s.image?.includes(part),
      )?.image;
    const images = workloads(manifests).flatMap((w) => containersOf(w).map((c) => c.image));
    expect(images).toContain(composeImage('opentelemetry-collector-contrib'));
    expect(images).toContain(composeImage('jaegertracing/jaeger'));
  });

  it("when rendered, then Jaeger's configuration is the repository's jaeger/config.yaml, storage aside", () => {
    // The storage backend's name and kind are the chart's choice; everything else must match.
    const withoutStorage = (config: unknown) => {
      const copy = structuredClone(config) as Record<string, Record<string, Record<string, unknown>>>;
      delete copy.extensions?.jaeger_storage;
      if (copy.extensions?.jaeger_query) copy.extensions.jaeger_query.storage = 'the backend';
      if (copy.exporters?.jaeger_storage_exporter)
        copy.exporters.jaeger_storage_exporter.trace_storage = 'the backend';
      return copy;
    };
    expect(withoutStorage(configOf(manifests, 'jaeger'))).toEqual(
      withoutStorage(repoYaml('jaeger/config.yaml')),
    );
  });

  it("when rendered, then Jaeger's UI configuration is the repository's jaeger/ui-config.json", () => {
    const ui = JSON.parse(named(manifests, 'ConfigMap', name('jaeger'))?.data?.['ui-config.json'] ?? 'null');
    expect(ui).toEqual(JSON.parse(readFileSync(join(ROOT, 'jaeger/ui-config.json'), 'utf8')));
  });
});

describe('helm chart options', () => {
  it('when defaults are used, then services export to their node agent by host IP and Jaeger keeps traces in memory', () => {
    const manifests = rendered();
    const env = envOf(onlyContainer(named(manifests, 'Deployment', name('budget'))));
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://$(NODE_IP):4318');
    expect(env.OTEL_METRICS_EXPORTER).toBeUndefined();
    const agent = onlyContainer(named(manifests, 'DaemonSet', name('collector-agent')));
    expect(agent.ports?.find((p) => p.containerPort === 4318)?.hostPort).toBe(4318);
    expect(
      dig(configOf(manifests, 'jaeger'), 'extensions', 'jaeger_storage', 'backends', 'traces'),
    ).toHaveProperty('memory');
    expect(ofKind(manifests, 'PersistentVolumeClaim')).toEqual([]);
    const metrics = ofKind(manifests, 'HorizontalPodAutoscaler').flatMap(
      (h) => h.spec?.metrics as { type: string }[],
    );
    expect(new Set(metrics.map((m) => m.type))).toEqual(new Set(['Resource']));
  });

  it('when every option is on, then Jaeger stores traces with badger on a claim its pod mounts', () => {
    const manifests = rendered('-f', ALL_OPTIONS);
    const claim = ofKind(manifests, 'PersistentVolumeClaim')[0];
    expect(claim?.metadata.name).toBe(name('jaeger-data'));
    const jaeger = named(manifests, 'Deployment', name('jaeger'));
    const volumes = jaeger ? podTemplate(jaeger).spec.volumes : [];
    expect(volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe(
      claim?.metadata.name,
    );
    expect(onlyContainer(jaeger).volumeMounts).toContainEqual({ name: 'data', mountPath: '/badger' });
    const backend = dig(configOf(manifests, 'jaeger'), 'extensions', 'jaeger_storage', 'backends', 'traces');
    expect(dig(backend, 'badger', 'directories')).toEqual({ keys: '/badger/keys', values: '/badger/values' });
    expect(dig(backend, 'badger', 'ephemeral')).toBe(false);
  });

  it('when every option is on, then metrics flow to the gateway Prometheus endpoint and HPAs also scale on request rate', () => {
    const manifests = rendered('-f', ALL_OPTIONS);
    const budget = onlyContainer(named(manifests, 'Deployment', name('budget')));
    const env = envOf(budget);
    expect(env.OTEL_METRICS_EXPORTER).toBe('otlp');
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(`http://${name('collector-agent')}:4318`);
    expect(named(manifests, 'Service', name('collector-agent'))?.spec?.internalTrafficPolicy).toBe('Local');
    expect(budget.env?.find((e) => e.name === 'REDIS_URL')?.valueFrom).toEqual({
      secretKeyRef: { name: 'otel-stack-redis', key: 'redis-url' },
    });
    const gateway = configOf(manifests, 'collector-gateway');
    expect(dig(gateway, 'service', 'pipelines', 'metrics', 'exporters')).toEqual(['prometheus']);
    expect(
      dig(configOf(manifests, 'collector-agent'), 'service', 'pipelines', 'metrics', 'exporters'),
    ).toEqual(['otlp_grpc/gateway']);

    const hpa = named(manifests, 'HorizontalPodAutoscaler', name('web'));
    expect(hpa?.spec?.metrics).toContainEqual({
      type: 'Pods',
      pods: {
        metric: { name: 'http_server_requests_per_second' },
        target: { type: 'AverageValue', averageValue: '50' },
      },
    });
    // provider-sim has autoscaling off in that file: no HPA, a fixed replica count instead.
    expect(named(manifests, 'HorizontalPodAutoscaler', name('provider-sim'))).toBeUndefined();
    expect(named(manifests, 'Deployment', name('provider-sim'))?.spec?.replicas).toBe(1);
    expect(named(manifests, 'HorizontalPodAutoscaler', name('budget'))?.spec?.maxReplicas).toBe(10);
  });

  it('when rendered for Kubernetes 1.30, then it renders; for 1.29, helm refuses (preStop sleep, matchLabelKeys)', () => {
    expect(render('--kube-version', '1.30.0').status).toBe(0);
    const old = render('--kube-version', '1.29.9');
    expect(old.status).not.toBe(0);
    expect(old.stderr).toContain('>=1.30.0-0');
  });

  it('when the request-rate metric is asked for without the metrics pipeline, then rendering fails and says why', () => {
    const result = render('--set', 'autoscaling.requestRate.enabled=true');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('autoscaling.requestRate needs metrics.enabled');
  });

  it('when an export mode or a storage type is misspelt, then the values schema refuses it, and so do the templates', () => {
    expect(render('--set', 'otlpExport=hostip').stderr).toContain("at '/otlpExport': value must be one of");
    expect(render('--set', 'jaeger.storage.type=badgr').stderr).toContain(
      "at '/jaeger/storage/type': value must be one of",
    );
    // The templates' own guard, for an install that skips schema validation.
    const unchecked = ['--skip-schema-validation', '--set'];
    expect(render(...unchecked, 'otlpExport=hostip').stderr).toContain(
      'otlpExport must be hostIP or service',
    );
    expect(render(...unchecked, 'jaeger.storage.type=badgr').stderr).toContain(
      'jaeger.storage.type must be memory or badger',
    );
  });
});

describe('the checks fail on broken manifests', () => {
  let good: Manifest[] = [];
  beforeAll(() => {
    good = rendered();
  });
  const broken = (change: (manifests: Manifest[]) => void) => {
    const copy = structuredClone(good);
    change(copy);
    return copy;
  };
  const budget = (manifests: Manifest[]) => named(manifests, 'Deployment', name('budget'))!;

  it('when a field is misspelt or has the wrong type, then strict decoding names the object and the field', () => {
    const documents = render().stdout.split('\n---\n');
    const web = documents.findIndex(
      (d) => d.includes('kind: Deployment\n') && d.includes(`name: ${name('web')}\n`),
    );
    expect(web).toBeGreaterThanOrEqual(0);
    const misspelt = documents.with(web, documents[web]!.replace('readinessProbe:', 'readynessProbe:'));
    const mistyped = documents.with(web, documents[web]!.replace('maxSkew: 1', 'maxSkew: one'));

    const unknownField = strictDecodeProblems(misspelt.join('\n---\n'));
    expect(unknownField.status).toBe(1);
    expect(unknownField.problems).toEqual([
      `Deployment/${name('web')}: strict decoding error: unknown field "spec.template.spec.containers[0].readynessProbe"`,
    ]);
    const wrongType = strictDecodeProblems(mistyped.join('\n---\n'));
    expect(wrongType.status).toBe(1);
    expect(wrongType.problems).toHaveLength(1);
    expect(wrongType.problems[0]).toMatch(new RegExp(`^Deployment/${name('web')}: .*maxSkew of type int32`));
  });

  it('when the collector is set to run as root, then the root check names both collector workloads', () => {
    const manifests = rendered('--set', 'collector.runAsUser=0');
    const problems = rootProblems(manifests);
    expect(problems).toContain(`DaemonSet/${name('collector-agent')}: pod runAsUser is 0`);
    expect(problems).toContain(`DaemonSet/${name('collector-agent')} collector: runAsUser 0`);
    expect(problems).toContain(`Deployment/${name('collector-gateway')}: pod runAsUser is 0`);
  });

  it('when a container may escalate or keeps a writable root, then the root check says so', () => {
    const manifests = broken((m) => {
      const sc = onlyContainer(budget(m)).securityContext!;
      sc.allowPrivilegeEscalation = true;
      sc.readOnlyRootFilesystem = false;
    });
    expect(rootProblems(manifests)).toEqual([
      `Deployment/${name('budget')} budget: allowPrivilegeEscalation is not false`,
      `Deployment/${name('budget')} budget: readOnlyRootFilesystem is not true`,
    ]);
  });

  it('when a probe, a resource or a PDB is missing, then the matching check names it', () => {
    const manifests = broken((m) => {
      const container = onlyContainer(budget(m));
      delete container.readinessProbe;
      delete container.resources!.requests!.cpu;
      m.splice(
        m.findIndex((x) => x.kind === 'PodDisruptionBudget' && x.metadata.name === name('budget')),
        1,
      );
    });
    expect(missingProbes(manifests)).toEqual([`Deployment/${name('budget')} budget: no readinessProbe`]);
    expect(missingResources(manifests)).toEqual([`Deployment/${name('budget')} budget: no requests.cpu`]);
    expect(missingDisruptionBudgets(manifests)).toEqual([
      `Deployment/${name('budget')}: no PodDisruptionBudget selects its pods`,
    ]);
  });

  it('when a Service selector or an HPA target is wrong, then the checks name them', () => {
    const manifests = broken((m) => {
      const service = named(m, 'Service', name('cup'))!;
      (service.spec!.selector as Record<string, string>)['app.kubernetes.io/component'] = 'cupp';
      const hpa = named(m, 'HorizontalPodAutoscaler', name('meta'))!;
      (hpa.spec!.scaleTargetRef as { name: string }).name = 'meta';
      budget(m).spec!.replicas = 3;
    });
    expect(servicesSelectingNothing(manifests)).toEqual([
      `Service/${name('cup')}: selects no workload's pods`,
    ]);
    expect(autoscalerProblems(manifests)).toEqual([
      `Deployment/${name('budget')}: sets replicas although HorizontalPodAutoscaler/${name('budget')} owns them`,
      `HorizontalPodAutoscaler/${name('meta')}: targets apps/v1 Deployment/meta, no Deployment of the chart`,
    ]);
  });

  it('when the grace period is shorter than preStop plus drain, or a Service is exposed, then the checks say so', () => {
    const grace = rendered('--set', 'shutdown.marginSeconds=-10');
    expect(shutdownProblems(stackDeployments(grace))).toContain(
      `Deployment/${name('budget')} budget: preStop 5 s + drain 10 s > terminationGracePeriodSeconds 5`,
    );
    const exposed = rendered('--set', 'services.budget.service.type=NodePort');
    expect(exposedServices(exposed, [name('web')])).toEqual([`Service/${name('budget')}: type NodePort`]);
  });
});
