// Instrument names the telemetry bootstrap itself records, in one place.

/** Spans the bounded queue refused because the exporter had fallen behind (an observable counter). */
export const METRIC_SPANS_DROPPED = 'telemetry.spans.dropped';
export const TELEMETRY_METER_NAME = 'otel-stack/telemetry';
