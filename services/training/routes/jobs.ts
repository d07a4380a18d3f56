import express, { type Router } from 'express';
import { notFound, numberField, requireObject, type Fields } from '../../../instrumentation/index.js';
import { view } from '../domain/job.js';
import { isJobId, parseJobInput } from '../domain/job-input.js';
import type { JobStore } from '../domain/job-store.js';

export function jobRoutes(deps: { store: JobStore; stepMs: number }): Router {
  const router = express.Router();
  router.post('/api/v1/training/jobs', async (req, res) => {
    const input = parseJobInput(requireObject(req.body));
    const job = await deps.store.create(input, Date.now() + deps.stepMs);
    res.status(202).location(`/api/v1/training/jobs/${job.id}`).json(job);
  });
  router.get('/api/v1/training/jobs', async (req, res) => {
    const limit = numberField(req.query as Fields, 'limit', {
      min: 1,
      max: 100,
      integer: true,
      fallback: 20,
    })!;
    res.json({ jobs: (await deps.store.list(limit)).map(view) });
  });
  router.get('/api/v1/training/jobs/:id', async (req, res) => {
    const job = isJobId(req.params.id) ? await deps.store.get(req.params.id) : undefined;
    if (!job) throw notFound(`No training job ${req.params.id}`);
    res.json(view(job));
  });
  return router;
}
