import { MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/**
 * A pull reader registered beside the exporting one: the observability endpoints collect from it on
 * request, so the JSON they serve comes from the very instruments Prometheus receives. Cumulative,
 * like the OTLP export, so a count here equals the exported count at the same moment.
 */
export class InProcessReader extends MetricReader {
  /** Everything the MeterProvider holds now; collection errors leave their metric out rather than fail the endpoint. */
  async read(): Promise<ResourceMetrics> {
    const { resourceMetrics } = await this.collect();
    return resourceMetrics;
  }

  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
