import express, { type Router } from 'express';
import {
  badRequest,
  notFound,
  numberField,
  requiredString,
  requireObject,
  type Fields,
} from '../../../instrumentation/index.js';
import { view } from '../domain/job.js';
import type { JobStore } from '../domain/job-store.js';

const MAX_NAME_LENGTH = 64;
const MAX_DATASET_ROWS = 1_000_000;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function jobRoutes(deps: { store: JobStore; stepMs: number }): Router {
  const router = express.Router();
  router.post('/api/v1/training/jobs', async (req, res) => {
    const body = requireObject(req.body);
    const provider = requiredString(body, 'provider', { maxLength: MAX_NAME_LENGTH });
    const model = requiredString(body, 'model', { maxLength: MAX_NAME_LENGTH });
    const datasetRows = numberField(body, 'datasetRows', { min: 1, max: MAX_DATASET_ROWS, integer: true });
    if (datasetRows === undefined) throw badRequest('datasetRows is required', { field: 'datasetRows' });
    const job = await deps.store.create({ provider, model, datasetRows }, Date.now() + deps.stepMs);
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
    const job = JOB_ID.test(req.params.id) ? await deps.store.get(req.params.id) : undefined;
    if (!job) throw notFound(`No training job ${req.params.id}`);
    res.json(view(job));
  });
  return router;
}
