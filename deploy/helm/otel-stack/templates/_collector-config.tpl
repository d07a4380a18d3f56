{{- /*
Collector configurations, owned by the chart. The gateway's mirrors the repository's
otel-collector.yaml (same memory_limiter, the same redaction rules, same batch and Jaeger exporter
settings; the compose-only `debug` exporter is left out); tests/helm/chart.test.ts compares the
redaction rules with that file. Component names are the 0.161 spellings (`otlp_grpc`, not `otlp`).
Receivers listen on 0.0.0.0: the kubelet probes and the other pods reach the pod IP, not localhost.
*/ -}}

{{- define "otel-stack.collector.receivers" -}}
otlp:
  protocols:
    grpc:
      endpoint: 0.0.0.0:4317
    http:
      endpoint: 0.0.0.0:4318
{{- end -}}

{{- define "otel-stack.collector.common-processors" -}}
# First in every pipeline. Percentages of the container's memory limit (GOMEMLIMIT is 80% of it).
memory_limiter:
  check_interval: 1s
  limit_percentage: 80
  spike_limit_percentage: 20
batch:
  send_batch_size: 512
  timeout: 1s
{{- end -}}

{{- define "otel-stack.collector.retry" -}}
sending_queue:
  enabled: true
  num_consumers: 2
  queue_size: 1000
retry_on_failure:
  enabled: true
  initial_interval: 1s
  max_interval: 10s
  max_elapsed_time: 120s
{{- end -}}

{{/* The agent, one per node: receives from the node's pods, forwards everything to the gateway. */}}
{{- define "otel-stack.collector.agent-config" -}}
receivers:
  {{- include "otel-stack.collector.receivers" . | nindent 2 }}
processors:
  {{- include "otel-stack.collector.common-processors" . | nindent 2 }}
exporters:
  otlp_grpc/gateway:
    # The headless Service lists every gateway pod; round_robin spreads the agent's requests over them
    # (a ClusterIP would pin the agent's one long-lived gRPC connection to one pod).
    endpoint: {{ printf "dns:///%s.%s.svc:4317" (include "otel-stack.componentName" (dict "root" . "component" "collector-gateway-headless")) .Release.Namespace }}
    balancer_name: round_robin
    tls:
      # Plain gRPC inside the cluster; a service mesh or a TLS setting of your own adds encryption.
      insecure: true
    {{- include "otel-stack.collector.retry" . | nindent 4 }}
extensions:
  health_check:
    endpoint: 0.0.0.0:13133
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, batch]
      exporters: [otlp_grpc/gateway]
    {{- if .Values.metrics.enabled }}
    metrics:
      receivers: [otlp]
      processors: [memory_limiter, batch]
      exporters: [otlp_grpc/gateway]
    {{- end }}
{{- end -}}

{{/* The gateway: redacts, batches, exports traces to Jaeger and (with metrics on) serves Prometheus. */}}
{{- define "otel-stack.collector.gateway-config" -}}
receivers:
  {{- include "otel-stack.collector.receivers" . | nindent 2 }}
processors:
  {{- include "otel-stack.collector.common-processors" . | nindent 2 }}
  # Whatever a service put on a span, these never reach Jaeger: prompts, API keys, authorization
  # headers, cookies (matched on the attribute name, case-insensitively).
  attributes/redact:
    actions:
      - pattern: (?i).*prompt.*
        action: delete
      - pattern: (?i).*api[._-]?key.*
        action: delete
      - pattern: (?i).*authorization.*
        action: delete
      - pattern: (?i).*cookie.*
        action: delete
  # The same values redaction as otel-collector.yaml: a prompt or key inside a URL's query string.
  transform/redact:
    error_mode: ignore
    trace_statements:
      - replace_pattern(span.attributes["url.query"], "(?i)((?:prompt|api[._-]?key)[^=&#]*)=[^&#]*", "$${1}=REDACTED")
      - replace_pattern(span.attributes["url.full"], "(?i)((?:prompt|api[._-]?key)[^=&#]*)=[^&#]*", "$${1}=REDACTED")
      - replace_pattern(span.attributes["http.target"], "(?i)((?:prompt|api[._-]?key)[^=&#]*)=[^&#]*", "$${1}=REDACTED")
      - replace_pattern(span.attributes["http.url"], "(?i)((?:prompt|api[._-]?key)[^=&#]*)=[^&#]*", "$${1}=REDACTED")
exporters:
  otlp_grpc/jaeger:
    endpoint: {{ include "otel-stack.componentName" (dict "root" . "component" "jaeger") }}:4317
    tls:
      insecure: true
    {{- include "otel-stack.collector.retry" . | nindent 4 }}
  {{- if .Values.metrics.enabled }}
  # Cumulative OTLP metrics as Prometheus series; resource attributes (k8s.pod.name,
  # k8s.namespace.name, ...) become labels, which prometheus-adapter maps to pods.
  prometheus:
    endpoint: 0.0.0.0:{{ .Values.metrics.prometheusPort }}
    resource_to_telemetry_conversion:
      enabled: true
  {{- end }}
extensions:
  health_check:
    endpoint: 0.0.0.0:13133
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, attributes/redact, transform/redact, batch]
      exporters: [otlp_grpc/jaeger]
    {{- if .Values.metrics.enabled }}
    metrics:
      receivers: [otlp]
      processors: [memory_limiter, attributes/redact, batch]
      exporters: [prometheus]
    {{- end }}
{{- end -}}
