import express, { type Router } from 'express';
import { partsReport, type ObservabilityParts } from '../../../instrumentation/index.js';

/** budget's view of its own resilience: the same sections as its observability endpoint. */
export function resilienceRoutes(parts: ObservabilityParts): Router {
  const router = express.Router();
  router.get('/api/v1/providers/resilience-status', async (_req, res) => {
    res.json(await partsReport(parts));
  });
  return router;
}
