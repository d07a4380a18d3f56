import express, { type Router } from 'express';
import {
  clientIdentity,
  numberField,
  requireServiceCaller,
  type Fields,
} from '../../../instrumentation/index.js';
import type { ClientActivity } from '../domain/activity.js';
import type { SpendLedger } from '../domain/spend-ledger.js';

/** Budget's internal route for the day's clients (segmentation's input). */
const CLIENTS_PATH = '/admin/clients';

export function budgetRoutes(deps: { ledger: SpendLedger; activity: ClientActivity }): Router {
  const router = express.Router();
  router.get('/api/v1/budget', async (req, res) => {
    res.json(await deps.ledger.get(clientIdentity(req)));
  });
  /** The calling client's recent bursts, newest first: what coach bases its advice on. */
  router.get('/api/v1/budget/recent', async (req, res) => {
    const limit = numberField(req.query as Fields, 'limit', {
      min: 1,
      max: 50,
      integer: true,
      fallback: 20,
    })!;
    res.json({ bursts: await deps.activity.recent(clientIdentity(req), limit) });
  });
  // Today's clients by hashed id, with request count and spend: what segmentation groups. Admin-only
  // data, so outside every gateway prefix and only for services of the stack.
  router.get(CLIENTS_PATH, requireServiceCaller(), async (_req, res) => {
    res.json({ clients: await deps.activity.clients() });
  });
  return router;
}
