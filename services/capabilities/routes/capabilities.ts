import express, { type Router } from 'express';
import type { CapabilitiesService } from '../domain/capabilities-service.js';

export function capabilitiesRoutes(deps: { capabilities: CapabilitiesService }): Router {
  const router = express.Router();
  router.get('/api/v1/capabilities', async (_req, res) => {
    res.json(await deps.capabilities.list());
  });
  return router;
}
