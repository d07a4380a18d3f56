import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { ExpressRouteTracing } from './express-route-tracing.js';
import { HttpServerTracing } from './http-server-tracing.js';
import { isProbePath } from './probes.js';
import { REDACTED_QUERY_PARAMS, redactedUndiciUrl } from './query-redaction.js';
import type { HttpInstrumentationMode } from './settings.js';

/** Command and key only: values may carry client data and must not reach a span. */
function redisStatement(command: string, args: Array<string | Buffer | number | unknown>): string {
  if (/^eval/i.test(command) || args.length === 0) return command;
  const first = args[0];
  return typeof first === 'string' ? `${command} ${first}` : command;
}

/** The contrib instrumentations every mode uses: outgoing calls, Redis, the runtime's metrics. */
function clientInstrumentations(mode: HttpInstrumentationMode, withMetrics: boolean): Instrumentation[] {
  return [
    new HttpInstrumentation({
      // In lean mode the project's own HttpServerTracing serves incoming requests.
      disableIncomingRequestInstrumentation: mode === 'lean',
      ignoreIncomingRequestHook: (request) => isProbePath(request.url),
      redactedQueryParams: [...REDACTED_QUERY_PARAMS],
      redactedQueryParamsServer: [...REDACTED_QUERY_PARAMS],
    }),
    new IORedisInstrumentation({ dbStatementSerializer: redisStatement }),
    new UndiciInstrumentation({ startSpanHook: redactedUndiciUrl }),
    ...(withMetrics ? [new RuntimeNodeInstrumentation()] : []),
  ];
}

/**
 * The instrumentations of a process. `contrib` is instrumentation-http's server side and
 * instrumentation-express (middleware and router layers ignored: a span per layer would double the
 * spans of every request for little insight); `lean` replaces both with the project's own, which
 * produce the same telemetry (see the README) at a fraction of the cost, and are enabled here, at
 * once, since they patch prototypes rather than hook module loading.
 */
export function stackInstrumentations(
  mode: HttpInstrumentationMode,
  withMetrics: boolean,
): Instrumentation[] {
  if (mode === 'lean') {
    new HttpServerTracing({ ignore: isProbePath }).enable();
    new ExpressRouteTracing().enable();
    return clientInstrumentations(mode, withMetrics);
  }
  return [
    ...clientInstrumentations(mode, withMetrics),
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
  ];
}
