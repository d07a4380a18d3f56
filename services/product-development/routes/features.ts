import express, { type Router } from 'express';
import { clientIdentity, numberField, requireObject, type Fields } from '../../../instrumentation/index.js';
import { parseNewFeature } from '../domain/feature.js';
import type { Roadmap } from '../domain/roadmap.js';

export function featureRoutes(deps: { roadmap: Roadmap }): Router {
  const router = express.Router();
  router.get('/api/v1/product/features', async (req, res) => {
    const limit = numberField(req.query as Fields, 'limit', {
      min: 1,
      max: 200,
      integer: true,
      fallback: 50,
    })!;
    res.json({ features: await deps.roadmap.list(limit) });
  });
  router.post('/api/v1/product/features', async (req, res) => {
    const { title, description } = parseNewFeature(requireObject(req.body));
    const feature = await deps.roadmap.create(title, description);
    res.status(201).location(`/api/v1/product/features/${feature.id}`).json(feature);
  });
  router.get('/api/v1/product/features/:id', async (req, res) => {
    res.json(await deps.roadmap.get(req.params.id));
  });
  router.post('/api/v1/product/features/:id/vote', async (req, res) => {
    res.json(await deps.roadmap.vote(req.params.id, clientIdentity(req)));
  });
  return router;
}
