/**
 * What a user would otherwise pick: `@opentelemetry/auto-instrumentations-node/register` with its
 * defaults (every instrumentation, OTLP traces and metrics, samplers from OTEL_TRACES_SAMPLER). An ESM
 * app also needs the loader hook, as the package's documentation says; this file adds only that.
 */
import { register } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
await import('@opentelemetry/auto-instrumentations-node/register');
