import express, { type Router } from 'express';
import { clientIdentity, stringListField, type Fields } from '../../../instrumentation/index.js';
import type { SegmentService } from '../domain/segment-service.js';
import { SPEND_TIERS, VOLUMES } from '../domain/segments.js';

export function segmentRoutes(deps: { segments: SegmentService }): Router {
  const router = express.Router();
  /** `?spend=light,heavy` and `?volume=high` keep only those tiers and volumes. */
  router.get('/api/v1/segmentation/segments', async (req, res) => {
    const query = req.query as Fields;
    const spend = stringListField(query, 'spend', SPEND_TIERS);
    const volume = stringListField(query, 'volume', VOLUMES);
    res.json(await deps.segments.segments({ spend, volume }, clientIdentity(req)));
  });
  return router;
}
