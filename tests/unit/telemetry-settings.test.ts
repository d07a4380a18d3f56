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
