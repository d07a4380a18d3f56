/**
 * The bootstrap: `node --import ./dist/instrumentation/register.js ./dist/services/<name>/main.js`.
 * It registers the ESM loader hook and starts telemetry before any application module is evaluated.
 * It does nothing else.
 */
import { register } from 'node:module';
import { ConfigError } from './config/env.js';

// Without this hook, ESM imports of express, ioredis and undici are never patched and produce no spans.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

try {
  const { startTelemetry } = await import('./telemetry/sdk.js');
  startTelemetry();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`otel-stack: cannot start: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
