import express, { type Router } from 'express';
import { exportCounters, packageVersion, samplingDescription, tracerMetrics } from '../telemetry/sdk.js';

export const OBSERVABILITY_PATH = '/api/v1/system/observability';

/** A part the service uses reports its own JSON-safe stats; a part it does not use is left out (null). */
export interface ObservabilityParts {
  rateLimiter?: () => unknown;
  cache?: () => unknown;
  breakers?: () => unknown;
}

export function tracerReport() {
  const metrics = tracerMetrics()?.snapshot() ?? null;
  return {
    sampling: samplingDescription(),
    ...(metrics ?? {}),
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
  router.get(OBSERVABILITY_PATH, (_req, res) => {
    res.json({
      service,
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      tracer: tracerReport(),
      rateLimiter: parts.rateLimiter?.() ?? null,
      cache: parts.cache?.() ?? null,
      breakers: parts.breakers?.() ?? null,
    });
  });
  return router;
}
