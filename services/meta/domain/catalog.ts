import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  AppError,
  breakerFetch,
  inSpan,
  OBSERVABILITY_PATH,
  type BreakerRegistry,
  upstreamJson,
  type ServiceBreaker,
} from '../../../instrumentation/index.js';
import {
  ATTR_CATALOG_LATENCY_MS,
  ATTR_CATALOG_SERVICE,
  ATTR_CATALOG_STATUS_CODE,
  ATTR_CATALOG_UP,
  SPAN_CATALOG_CHECK,
} from '../attributes.js';
import type { CatalogTarget } from '../config.js';
import { answeredHealth, unansweredHealth, versionFrom, type Health } from './health.js';

const tracer = trace.getTracer('meta');

export interface CatalogEntry {
  name: string;
  url: string;
  /** From the service's observability endpoint; null when it did not say. */
  version: string | null;
  health: Health;
}

async function readiness(breaker: ServiceBreaker, url: string): Promise<Health> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    const res = await breakerFetch(breaker, `${url}/readyz`);
    return answeredHealth(res.status, latencyMs());
  } catch (error) {
    // The breaker's code (`upstream_timeout`, `upstream_circuit_open`, `upstream_unavailable`).
    if (!(error instanceof AppError)) throw error;
    return unansweredHealth(error, latencyMs());
  }
}

async function versionOf(breaker: ServiceBreaker, url: string): Promise<string | null> {
  try {
    const body = await upstreamJson<unknown>(breaker, `${url}${OBSERVABILITY_PATH}`);
    return versionFrom(body);
  } catch (error) {
    // The readiness check reports why a service is down; a version it cannot give is simply unknown.
    if (error instanceof AppError) return null;
    throw error;
  }
}

/** One service's readiness and version, asked at once, each call within the breaker's timeout. */
function check(breakers: BreakerRegistry, target: CatalogTarget): Promise<CatalogEntry> {
  return inSpan(tracer, SPAN_CATALOG_CHECK, async (span) => {
    span.setAttribute(ATTR_CATALOG_SERVICE, target.name);
    const breaker = breakers.getOrCreate(`service:${target.name}`);
    const [health, version] = await Promise.all([
      readiness(breaker, target.url),
      versionOf(breaker, target.url),
    ]);
    span.setAttributes({
      [ATTR_CATALOG_UP]: health.status === 'up',
      [ATTR_CATALOG_LATENCY_MS]: health.latencyMs,
      ...(health.statusCode === null ? {} : { [ATTR_CATALOG_STATUS_CODE]: health.statusCode }),
    });
    if (health.error) span.setStatus({ code: SpanStatusCode.ERROR, message: health.error });
    return { name: target.name, url: target.url, version, health };
  });
}

/** Every service checked concurrently: the catalogue takes as long as its slowest check, at most. */
export function checkAll(
  breakers: BreakerRegistry,
  targets: readonly CatalogTarget[],
): Promise<CatalogEntry[]> {
  return Promise.all(targets.map((target) => check(breakers, target)));
}
