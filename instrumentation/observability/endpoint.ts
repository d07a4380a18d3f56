import express, { type Router } from 'express';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { requestFigures, RequestRate } from '../telemetry/request-figures.js';
import { collectMetrics, exportCounters, packageVersion, samplingDescription } from '../telemetry/sdk.js';

export const OBSERVABILITY_PATH = '/api/v1/system/observability';

/**
 * A part the service uses reports its own JSON-safe stats from `collected`, one collection of the
 * process's metrics SDK (undefined when metrics are off); a part it does not use is left out (null).
 */
export type ObservabilityPart = (collected: ResourceMetrics | undefined) => unknown;
export interface ObservabilityParts {
  rateLimiter?: ObservabilityPart;
  cache?: ObservabilityPart;
  breakers?: ObservabilityPart;
}

// One per process: the rate is the growth between this process's readings, whichever endpoint asked.
const requestRate = new RequestRate(Date.now());

/**
 * Sampling, the request figures read from the metrics SDK (http.server.request.duration, which counts
 * every request, sampled or not), and the span export counters. Without metrics, no request figures.
 */
function tracerReport(collected: ResourceMetrics | undefined) {
  return {
    sampling: samplingDescription(),
    ...(collected ? requestFigures(collected, requestRate) : {}),
    spans: exportCounters(),
  };
}

/**
 * The tracer and every part the service uses, from one collection of the metrics SDK, so the sections
 * agree with each other and with what Prometheus receives.
 */
export async function partsReport(parts: ObservabilityParts) {
  const collected = await collectMetrics();
  return {
    tracer: tracerReport(collected),
    rateLimiter: parts.rateLimiter?.(collected) ?? null,
    cache: parts.cache?.(collected) ?? null,
    breakers: parts.breakers?.(collected) ?? null,
  };
}

/**
 * `GET /api/v1/system/observability`: what this service sees of itself. It shows figures only: no
 * environment, no secrets, no client keys in clear.
 */
export function observabilityRoute(service: string, parts: ObservabilityParts = {}): Router {
  const startedAt = Date.now();
  const version = packageVersion();
  const router = express.Router();
  router.get(OBSERVABILITY_PATH, async (_req, res) => {
    res.json({
      service,
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      ...(await partsReport(parts)),
    });
  });
  return router;
}
