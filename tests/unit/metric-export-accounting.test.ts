import { metrics } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessReader } from '../../instrumentation/telemetry/in-process-reader.js';
import { sumOf } from '../../instrumentation/telemetry/metric-data.js';
import {
  CountingMetricExporter,
  dataPointsIn,
  type SelectingMetricExporter,
} from '../../instrumentation/telemetry/metric-export-accounting.js';

const reader = new InProcessReader();
const provider = new MeterProvider({ readers: [reader] });
metrics.setGlobalMeterProvider(provider);

afterAll(async () => {
  await provider.shutdown();
  metrics.disable();
});

/** An exporter that answers every export with `code` and remembers nothing. */
function exporterAnswering(code: ExportResultCode): SelectingMetricExporter {
  return {
    export: (_m: ResourceMetrics, done: (r: ExportResult) => void) => done({ code }),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
    selectAggregation: () => ({ type: AggregationType.DEFAULT }),
  };
}

describe('metric export accounting', () => {
  it('when an export fails, then its data points are counted as failed; a successful one adds nothing', async () => {
    const sourceReader = new InProcessReader();
    const measured = new MeterProvider({ readers: [sourceReader] });
    const counter = measured.getMeter('m').createCounter('c');
    counter.add(1, { a: 'x' });
    counter.add(1, { a: 'y' });
    const batch = await sourceReader.read();
    expect(dataPointsIn(batch)).toBe(2);

    const results: ExportResultCode[] = [];
    new CountingMetricExporter(exporterAnswering(ExportResultCode.SUCCESS)).export(batch, (r) =>
      results.push(r.code),
    );
    expect(sumOf(await reader.read(), 'telemetry.metric_points.failed')).toBe(0);
    new CountingMetricExporter(exporterAnswering(ExportResultCode.FAILED)).export(batch, (r) =>
      results.push(r.code),
    );

    expect(results).toEqual([ExportResultCode.SUCCESS, ExportResultCode.FAILED]);
    expect(sumOf(await reader.read(), 'telemetry.metric_points.failed')).toBe(2);
    await measured.shutdown();
  });
});
