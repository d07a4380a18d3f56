import { trace } from '@opentelemetry/api';
import {
  breakerFetch,
  inSpan,
  OBSERVABILITY_PATH,
  recordFailure,
  type BreakerRegistry,
} from '../../../instrumentation/index.js';
import {
  ATTR_REPORT_SERVICE,
  ATTR_REPORT_SERVICE_UP,
  ATTR_REPORT_SERVICES_COUNT,
  SPAN_FETCH_SERVICE,
  SPAN_FETCH_SERVICES,
} from '../attributes.js';
import type { ReportTarget } from '../config.js';

const tracer = trace.getTracer('reports');

export type Observation =
  | { name: string; up: true; observability: ServiceObservability }
  | { name: string; up: false; error: string };

/** The part of each service's observability answer the report reads. */
export interface ServiceObservability {
  tracer?: {
    totalRequests?: number;
    requestsPerSecond?: number;
    errorRate?: number;
    latency?: { p95Ms?: number };
  };
  cache?: { hitRate?: number } | null;
  rateLimiter?: { rejectionRate?: number } | null;
  breakers?: Record<string, { state?: string }> | null;
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code ?? (error instanceof Error ? error.message : 'unknown error');
}

async function fetchOne(breakers: BreakerRegistry, target: ReportTarget): Promise<Observation> {
  return inSpan(tracer, SPAN_FETCH_SERVICE, async (span): Promise<Observation> => {
    span.setAttribute(ATTR_REPORT_SERVICE, target.name);
    try {
      const response = await breakerFetch(
        breakers.create(`service:${target.name}`),
        `${target.url}${OBSERVABILITY_PATH}`,
      );
      if (!response.ok)
        throw Object.assign(new Error(`answered ${response.status}`), { code: `http_${response.status}` });
      span.setAttribute(ATTR_REPORT_SERVICE_UP, true);
      return {
        name: target.name,
        up: true as const,
        observability: (await response.json()) as ServiceObservability,
      };
    } catch (error) {
      span.setAttribute(ATTR_REPORT_SERVICE_UP, false);
      recordFailure(span, error);
      return { name: target.name, up: false as const, error: describe(error) };
    }
  });
}

/** Fetches every service's observability endpoint at once, each through its own breaker. */
export function collect(breakers: BreakerRegistry, targets: readonly ReportTarget[]): Promise<Observation[]> {
  return inSpan(tracer, SPAN_FETCH_SERVICES, (span) => {
    span.setAttribute(ATTR_REPORT_SERVICES_COUNT, targets.length);
    return Promise.all(targets.map((t) => fetchOne(breakers, t)));
  });
}
