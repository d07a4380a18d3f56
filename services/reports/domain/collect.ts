import { trace } from '@opentelemetry/api';
import {
  AppError,
  inSpan,
  OBSERVABILITY_PATH,
  recordFailure,
  upstreamJson,
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

async function fetchOne(breakers: BreakerRegistry, target: ReportTarget): Promise<Observation> {
  return inSpan(tracer, SPAN_FETCH_SERVICE, async (span): Promise<Observation> => {
    span.setAttribute(ATTR_REPORT_SERVICE, target.name);
    try {
      const observability = await upstreamJson<ServiceObservability>(
        breakers.getOrCreate(`service:${target.name}`),
        `${target.url}${OBSERVABILITY_PATH}`,
      );
      span.setAttribute(ATTR_REPORT_SERVICE_UP, true);
      return { name: target.name, up: true as const, observability };
    } catch (error) {
      // A service that cannot answer is a finding of the report; anything else is a bug here.
      if (!(error instanceof AppError)) throw error;
      span.setAttribute(ATTR_REPORT_SERVICE_UP, false);
      recordFailure(span, error);
      return { name: target.name, up: false as const, error: error.code };
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
