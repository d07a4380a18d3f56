import express, { type Router } from 'express';
import { requestFigures, RequestRate } from '../telemetry/request-figures.js';
import { collectMetrics, exportCounters, packageVersion, samplingDescription } from '../telemetry/sdk.js';

export const OBSERVABILITY_PATH = '/api/v1/system/observability';

/** A part the service uses reports its own JSON-safe stats; a part it does not use is left out (null). */
export interface ObservabilityParts {
  rateLimiter?: () => unknown;
  cache?: () => unknown;
  breakers?: () => unknown;
  /** The process's Redis circuit: closed, or open and sending every Redis caller to its fallback. */
  redis?: () => unknown;
}

// One per process: the rate is the growth between this process's readings, whichever endpoint asked.
const requestRate = new RequestRate(Date.now());

/**
 * Sampling, the request figures read from the metrics SDK (http.server.request.duration, which counts
 * every request, sampled or not), and the span export counters. Without metrics, no request figures.
 */
export async function tracerReport() {
  const collected = await collectMetrics();
  return {
    sampling: samplingDescription(),
    ...(collected ? requestFigures(collected, requestRate) : {}),
    spans: exportCounters(),
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
      tracer: await tracerReport(),
      rateLimiter: parts.rateLimiter?.() ?? null,
      cache: parts.cache?.() ?? null,
      breakers: parts.breakers?.() ?? null,
      redis: parts.redis?.() ?? null,
    });
  });
  return router;
}
