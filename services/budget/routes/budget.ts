import express, { type Router } from 'express';
import { clientIdentity } from '../../../instrumentation/index.js';
import type { SpendLedger } from '../domain/spend-ledger.js';

export function budgetRoutes(deps: { ledger: SpendLedger }): Router {
  const router = express.Router();
  router.get('/api/v1/budget', async (req, res) => {
    res.json(await deps.ledger.get(clientIdentity(req)));
  });
  return router;
}
