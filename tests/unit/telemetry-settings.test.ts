import { describe, expect, it } from 'vitest';
import { readTelemetrySettings } from '../../instrumentation/telemetry/settings.js';

const base = { OTEL_SERVICE_NAME: 'svc' };

describe('the HTTP instrumentation setting', () => {
  it('when OTEL_STACK_HTTP_INSTRUMENTATION is not set, then incoming requests are traced by the lean instrumentation', () => {
    expect(readTelemetrySettings(base).httpInstrumentation).toBe('lean');
  });

  it('when it says contrib, then contrib is selected', () => {
    expect(
      readTelemetrySettings({ ...base, OTEL_STACK_HTTP_INSTRUMENTATION: 'contrib' }).httpInstrumentation,
    ).toBe('contrib');
  });

  it('when it names anything else, then start-up stops with a message naming the variable', () => {
    expect(() => readTelemetrySettings({ ...base, OTEL_STACK_HTTP_INSTRUMENTATION: 'fast' })).toThrow(
      /OTEL_STACK_HTTP_INSTRUMENTATION.*lean, contrib/,
    );
  });
});

describe('the batch span processor settings', () => {
  it('when the OTEL_BSP_* variables are set, then the processor gets them; unset, the specification defaults', () => {
    expect(readTelemetrySettings(base)).toMatchObject({
      scheduledDelayMs: 5000,
      exportTimeoutMs: 30_000,
      maxExportBatchSize: 512,
    });
    expect(
      readTelemetrySettings({
        ...base,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_EXPORT_TIMEOUT: '1000',
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '512',
      }),
    ).toMatchObject({
      scheduledDelayMs: 200,
      exportTimeoutMs: 1000,
      maxQueueSize: 100,
      maxExportBatchSize: 100,
    });
  });
});
