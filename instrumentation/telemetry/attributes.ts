// Instrument names the telemetry bootstrap itself records, in one place.

/** Spans the bounded queue refused because the exporter had fallen behind (an observable counter). */
export const METRIC_SPANS_DROPPED = 'telemetry.spans.dropped';
export const TELEMETRY_METER_NAME = 'otel-stack/telemetry';
/**
 * Metric data points whose export failed (the periodic reader does not retry them). The SDK's own
 * exporter metrics cannot be used for this: the metric exporter must exist before the MeterProvider
 * it would record to.
 */
export const METRIC_METRIC_POINTS_FAILED = 'telemetry.metric_points.failed';
