import express, { type Router } from 'express';
import {
  clientIdentity,
  numberField,
  requiredString,
  requireObject,
  stringField,
  type Fields,
} from '../../../instrumentation/index.js';
import type { Roadmap } from '../domain/roadmap.js';

export const MAX_TITLE_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 2_000;

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
    const body = requireObject(req.body);
    const title = requiredString(body, 'title', { maxLength: MAX_TITLE_LENGTH }).trim();
    const description = stringField(body, 'description', { maxLength: MAX_DESCRIPTION_LENGTH })?.trim();
    const feature = await deps.roadmap.create(title, description || undefined);
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
