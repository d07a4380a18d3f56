import express, { type Router } from 'express';
import { tracerReport } from '../../../instrumentation/index.js';

export interface ResilienceParts {
  cache: () => unknown;
  rateLimiter: () => unknown;
  breakers: () => unknown;
}

export function resilienceRoutes(parts: ResilienceParts): Router {
  const router = express.Router();
  router.get('/api/v1/providers/resilience-status', async (_req, res) => {
    res.json({
      cache: parts.cache(),
      rateLimiter: parts.rateLimiter(),
      tracer: await tracerReport(),
      breakers: parts.breakers(),
    });
  });
  return router;
}
