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

const providers: MeterProvider[] = [];

afterAll(async () => {
  await Promise.all(providers.map((p) => p.shutdown()));
});

/** The exporter's failed-points counter as its own provider reports it. */
function observed(exporter: CountingMetricExporter): () => Promise<number> {
  const reader = new InProcessReader();
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  exporter.observe(provider);
  return async () => sumOf(await reader.read(), 'telemetry.metric_points.failed');
}

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
  it('when an export fails, then its data points are counted as failed; a successful one reports 0', async () => {
    const sourceReader = new InProcessReader();
    const measured = new MeterProvider({ readers: [sourceReader] });
    const counter = measured.getMeter('m').createCounter('c');
    counter.add(1, { a: 'x' });
    counter.add(1, { a: 'y' });
    const batch = await sourceReader.read();
    expect(dataPointsIn(batch)).toBe(2);

    const results: ExportResultCode[] = [];
    const succeeding = new CountingMetricExporter(exporterAnswering(ExportResultCode.SUCCESS));
    const succeedingFailed = observed(succeeding);
    succeeding.export(batch, (r) => results.push(r.code));
    expect(await succeedingFailed()).toBe(0);
    const failing = new CountingMetricExporter(exporterAnswering(ExportResultCode.FAILED));
    const failingFailed = observed(failing);
    failing.export(batch, (r) => results.push(r.code));

    expect(results).toEqual([ExportResultCode.SUCCESS, ExportResultCode.FAILED]);
    expect(await failingFailed()).toBe(2);
    await measured.shutdown();
  });
});
