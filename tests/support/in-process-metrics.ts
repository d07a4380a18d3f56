import { metrics } from '@opentelemetry/api';
import { MeterProvider, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterAll } from 'vitest';
import { InProcessReader } from '../../instrumentation/telemetry/in-process-reader.js';

/**
 * A MeterProvider with an in-process reader, set as this test file's global one as the bootstrap sets
 * it in a service: the instruments a part creates then count, and `collect()` reads them back the way
 * the observability endpoint does. Call at module level, before any part is created.
 */
export function useInProcessMetrics(): { collect: () => Promise<ResourceMetrics> } {
  const reader = new InProcessReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  afterAll(async () => {
    await provider.shutdown();
    metrics.disable();
  });
  return { collect: () => reader.read() };
}
