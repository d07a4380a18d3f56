{{- /* Jaeger's configuration: the repository's jaeger/config.yaml with the storage backend chosen by values. */ -}}
{{- define "otel-stack.jaeger.config" -}}
{{- $storage := .Values.jaeger.storage -}}
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    logs:
      level: info
    metrics:
      readers:
        - pull:
            exporter:
              prometheus:
                host: 0.0.0.0
                port: 8888
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 0.0.0.0:13133
      status:
        enabled: true
        path: /status
  jaeger_query:
    storage:
      traces: traces
    ui:
      config_file: /etc/jaeger/ui-config.json
    http:
      endpoint: 0.0.0.0:16686
    grpc:
      endpoint: 0.0.0.0:16685
  jaeger_storage:
    backends:
      traces:
        {{- if eq $storage.type "badger" }}
        badger:
          directories:
            keys: /badger/keys
            values: /badger/values
          ephemeral: false
          ttl:
            spans: {{ $storage.badger.ttl }}
        {{- else }}
        memory:
          # A cap, so the pod stays inside its memory limit.
          max_traces: {{ $storage.memory.maxTraces }}
        {{- end }}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
      http:
        endpoint: 0.0.0.0:4318
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: traces
{{- end -}}
