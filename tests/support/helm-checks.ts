/**
 * Checks on rendered Kubernetes manifests (the output of `helm template`), without a cluster. Each
 * returns the problems it found as readable strings, empty when there are none, so a failing test says
 * which object and which field.
 */

export interface Container {
  name: string;
  image?: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { name?: string; containerPort: number; hostPort?: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  grpc?: { port: number };
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    initContainers?: Container[];
    securityContext?: SecurityContext;
    terminationGracePeriodSeconds?: number;
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string }; configMap?: { name: string } }[];
    topologySpreadConstraints?: {
      topologyKey: string;
      labelSelector?: { matchLabels?: Record<string, string> };
    }[];
  };
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Each kind has its own spec; the checks read the parts they need through the helpers below.
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

export const id = (m: Manifest) => `${m.kind}/${m.metadata.name}`;
export const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
export const named = (manifests: Manifest[], kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name);
export const workloads = (manifests: Manifest[]) => manifests.filter((m) => WORKLOAD_KINDS.includes(m.kind));
export const podTemplate = (workload: Manifest) =>
  (workload.spec?.template ?? { spec: { containers: [] } }) as PodTemplate;
export const containersOf = (workload: Manifest) => podTemplate(workload).spec.containers ?? [];

/** Whether every key=value of `selector` is among `labels` (an empty selector selects nothing here). */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** Containers without a readiness, liveness or startup probe. */
export function missingProbes(manifests: Manifest[]): string[] {
  return workloads(manifests).flatMap((w) =>
    containersOf(w).flatMap((c) =>
      (['readinessProbe', 'livenessProbe', 'startupProbe'] as const)
        .filter((probe) => !c[probe] || Object.keys(c[probe]).length === 0)
        .map((probe) => `${id(w)} ${c.name}: no ${probe}`),
    ),
  );
}

/** Containers without CPU and memory requests or a memory limit. */
export function missingResources(manifests: Manifest[]): string[] {
  const needed = [
    ['requests', 'cpu'],
    ['requests', 'memory'],
    ['limits', 'memory'],
  ] as const;
  return workloads(manifests).flatMap((w) =>
    containersOf(w).flatMap((c) =>
      needed
        .filter(([kind, what]) => !c.resources?.[kind]?.[what])
        .map(([kind, what]) => `${id(w)} ${c.name}: no ${kind}.${what}`),
    ),
  );
}

/**
 * Deployments and StatefulSets whose pods no PodDisruptionBudget selects. DaemonSets are left out: the
 * eviction API that honours budgets is not how a drain removes them (drains skip DaemonSet pods).
 */
export function missingDisruptionBudgets(manifests: Manifest[]): string[] {
  const budgets = ofKind(manifests, 'PodDisruptionBudget');
  return workloads(manifests)
    .filter((w) => w.kind !== 'DaemonSet')
    .filter((w) => {
      const labels = podTemplate(w).metadata?.labels;
      return !budgets.some((b) =>
        selects((b.spec?.selector as { matchLabels?: Record<string, string> })?.matchLabels, labels),
      );
    })
    .map((w) => `${id(w)}: no PodDisruptionBudget selects its pods`);
}

/** Services that select no workload's pods, or name a target port no selected container has. */
export function servicesSelectingNothing(manifests: Manifest[]): string[] {
  return ofKind(manifests, 'Service').flatMap((service) => {
    const selector = service.spec?.selector as Record<string, string> | undefined;
    const targets = workloads(manifests).filter((w) => selects(selector, podTemplate(w).metadata?.labels));
    if (targets.length === 0) return [`${id(service)}: selects no workload's pods`];
    const ports = (service.spec?.ports ?? []) as {
      name?: string;
      port: number;
      targetPort?: number | string;
    }[];
    return ports.flatMap((port) => {
      const target = port.targetPort ?? port.port;
      const found = targets.some((w) =>
        containersOf(w).some((c) =>
          (c.ports ?? []).some((p) => p.name === target || p.containerPort === target),
        ),
      );
      return found
        ? []
        : [`${id(service)} port ${port.name ?? port.port}: no selected container has port ${target}`];
    });
  });
}

/** HPAs whose target is not a Deployment of the render, and Deployments that fight their HPA over replicas. */
export function autoscalerProblems(manifests: Manifest[]): string[] {
  return ofKind(manifests, 'HorizontalPodAutoscaler').flatMap((hpa) => {
    const ref = hpa.spec?.scaleTargetRef as { apiVersion?: string; kind?: string; name?: string } | undefined;
    const target = ref?.kind === 'Deployment' ? named(manifests, 'Deployment', ref.name ?? '') : undefined;
    if (!ref || ref.kind !== 'Deployment' || ref.apiVersion !== 'apps/v1' || !target) {
      return [
        `${id(hpa)}: targets ${ref?.apiVersion ?? '?'} ${ref?.kind ?? '?'}/${ref?.name ?? '?'}, no Deployment of the chart`,
      ];
    }
    // With replicas in the manifest, every `helm upgrade` would reset what the HPA chose.
    return target.spec?.replicas === undefined
      ? []
      : [`${id(target)}: sets replicas although ${id(hpa)} owns them`];
  });
}

/**
 * Anything that may run as root or gain privileges: the pod must say runAsNonRoot with a non-zero uid,
 * and every container must not undo it, must not escalate, must drop ALL capabilities and keep its
 * root filesystem read-only.
 */
export function rootProblems(manifests: Manifest[]): string[] {
  return workloads(manifests).flatMap((w) => {
    const pod = podTemplate(w).spec;
    const problems: string[] = [];
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${id(w)}: pod runAsNonRoot is not true`);
    if (!pod.securityContext?.runAsUser)
      problems.push(`${id(w)}: pod runAsUser is ${pod.securityContext?.runAsUser ?? 'unset'}`);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const sc = c.securityContext ?? {};
      const where = `${id(w)} ${c.name}`;
      if (sc.runAsNonRoot === false) problems.push(`${where}: runAsNonRoot false`);
      if (sc.runAsUser === 0) problems.push(`${where}: runAsUser 0`);
      if (sc.privileged === true) problems.push(`${where}: privileged`);
      if (sc.allowPrivilegeEscalation !== false)
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
      if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${where}: adds capabilities`);
    }
    return problems;
  });
}

/**
 * Deployments whose shutdown cannot finish in time: the preStop sleep plus the service's drain
 * (SHUTDOWN_GRACE_MS) must fit in terminationGracePeriodSeconds, or the kubelet kills mid-drain.
 */
export function shutdownProblems(deployments: Manifest[]): string[] {
  return deployments.flatMap((d) => {
    const pod = podTemplate(d).spec;
    return pod.containers.flatMap((c) => {
      const preStop = c.lifecycle?.preStop;
      if (!preStop) return [`${id(d)} ${c.name}: no preStop hook`];
      const sleep = preStop.sleep?.seconds ?? Number(preStop.exec?.command.at(-1));
      if (!Number.isFinite(sleep) || sleep <= 0) return [`${id(d)} ${c.name}: preStop does not sleep`];
      const drainMs = Number(c.env?.find((e) => e.name === 'SHUTDOWN_GRACE_MS')?.value ?? 10_000);
      const grace = pod.terminationGracePeriodSeconds ?? 30;
      return sleep + drainMs / 1000 <= grace
        ? []
        : [
            `${id(d)} ${c.name}: preStop ${sleep} s + drain ${drainMs / 1000} s > terminationGracePeriodSeconds ${grace}`,
          ];
    });
  });
}

/** Deployments without spread constraints over their own pods. */
export function missingTopologySpread(deployments: Manifest[]): string[] {
  return deployments
    .filter((d) => {
      const labels = podTemplate(d).metadata?.labels;
      const constraints = podTemplate(d).spec.topologySpreadConstraints ?? [];
      return !constraints.some((c) => selects(c.labelSelector?.matchLabels, labels));
    })
    .map((d) => `${id(d)}: no topologySpreadConstraints over its own pods`);
}

/** Services reachable from outside the cluster (not ClusterIP), other than the allowed ones. */
export function exposedServices(manifests: Manifest[], allowed: string[]): string[] {
  return ofKind(manifests, 'Service')
    .filter((s) => (s.spec?.type ?? 'ClusterIP') !== 'ClusterIP' && !allowed.includes(s.metadata.name))
    .map((s) => `${id(s)}: type ${String(s.spec?.type)}`);
}

/** A container's plain env values by name (values from secrets or the downward API are left out). */
export function envOf(container: Container): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value]])),
  );
}
