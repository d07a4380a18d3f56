import express, { type Router } from 'express';
import { identityHeaders, numberField, type Fields } from '../../../instrumentation/index.js';
import type { BudgetClient } from '../domain/budget-client.js';
import { adviceFor } from '../domain/coach-service.js';

export function adviceRoutes(deps: { budget: BudgetClient }): Router {
  const router = express.Router();
  /** `?limit=` how many recent bursts to advise on (budget keeps at most 50). */
  router.get('/api/v1/coach/advice', async (req, res) => {
    const limit = numberField(req.query as Fields, 'limit', {
      min: 1,
      max: 50,
      integer: true,
      fallback: 50,
    })!;
    res.json(await adviceFor(deps.budget, identityHeaders(req), limit));
  });
  return router;
}
