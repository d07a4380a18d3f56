{{/* Release-scoped base name: the release name, with the chart name added unless already in it. */}}
{{- define "otel-stack.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects (a service of the stack, collector-agent, jaeger, ...). */}}
{{- define "otel-stack.componentName" -}}
{{- printf "%s-%s" (include "otel-stack.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select one component's pods; never change once installed (selectors are immutable). */}}
{{- define "otel-stack.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "otel-stack.labels" -}}
{{ include "otel-stack.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: otel-stack
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Base URL of a service of the stack, as its callers reach it. */}}
{{- define "otel-stack.serviceUrl" -}}
{{- $svc := index .root.Values.services .name | required (printf "services.%s is not defined" .name) -}}
{{- printf "http://%s:%v" (include "otel-stack.componentName" (dict "root" .root "component" .name)) $svc.port -}}
{{- end -}}

{{/* Pod-level securityContext: never root, the runtime's default seccomp profile. */}}
{{- define "otel-stack.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level securityContext: read-only root filesystem, no privilege escalation, no capabilities. */}}
{{- define "otel-stack.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
{{- end -}}

{{/* topologySpreadConstraints for one component: the configured keys, each selecting that component's pods. */}}
{{- define "otel-stack.topologySpread" -}}
{{- range .constraints }}
- topologyKey: {{ .topologyKey }}
  maxSkew: {{ .maxSkew }}
  whenUnsatisfiable: {{ .whenUnsatisfiable }}
  labelSelector:
    matchLabels:
      {{- include "otel-stack.selectorLabels" (dict "root" $.root "component" $.component) | nindent 6 }}
  # Only the pods of the same rollout count, so a rolling update spreads the new pods too.
  matchLabelKeys: [pod-template-hash]
{{- end }}
{{- end -}}

{{/* The OTLP/HTTP base URL a service exports to: its node's agent. */}}
{{- define "otel-stack.otlpEndpoint" -}}
{{- if eq .Values.otlpExport "hostIP" -}}
http://$(NODE_IP):4318
{{- else if eq .Values.otlpExport "service" -}}
http://{{ include "otel-stack.componentName" (dict "root" . "component" "collector-agent") }}:4318
{{- else -}}
{{- fail (printf "otlpExport must be hostIP or service, not %q" .Values.otlpExport) -}}
{{- end -}}
{{- end -}}

{{/* The image of the stack's services. */}}
{{- define "otel-stack.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/*
One service's autoscaling settings: the global block, with the service's own keys set over it (`set`,
not mergeOverwrite, so a service's `enabled: false` is kept rather than taken for an empty value).
*/}}
{{- define "otel-stack.autoscaling" -}}
{{- $global := .root.Values.autoscaling -}}
{{- $own := .svc.autoscaling | default dict -}}
{{- $result := deepCopy $global -}}
{{- range $key, $value := $own -}}
{{- if ne $key "requestRate" -}}{{- $_ := set $result $key $value -}}{{- end -}}
{{- end -}}
{{- $rate := deepCopy $global.requestRate -}}
{{- range $key, $value := ($own.requestRate | default dict) -}}{{- $_ := set $rate $key $value -}}{{- end -}}
{{- $_ := set $result "requestRate" $rate -}}
{{- toYaml $result -}}
{{- end -}}

{{/* Probes of a collector (agent or gateway): its health_check extension, 200 once the pipelines run. */}}
{{- define "otel-stack.collector.probes" -}}
startupProbe:
  httpGet:
    path: /
    port: health
  periodSeconds: 2
  failureThreshold: 30
livenessProbe:
  httpGet:
    path: /
    port: health
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /
    port: health
  periodSeconds: 5
  failureThreshold: 2
{{- end -}}

{{/* The Secret holding admin-token and gateway-secret: the user's own, or the chart's (secrets.yaml). */}}
{{- define "otel-stack.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "otel-stack.fullname" .)) -}}
{{- end -}}
