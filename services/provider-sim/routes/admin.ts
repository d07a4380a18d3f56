import express, { type Router } from 'express';
import { requireObject } from '../../../instrumentation/index.js';
import { parseFault, type FaultTable } from '../domain/faults.js';

/**
 * Fault injection and call counts: the knobs a demo (or a test) turns to break a provider. Mounted
 * under /admin, behind the admin token (app.ts).
 */
export function faultRoutes(deps: {
  faults: FaultTable;
  providerNames: string[];
  calls: Map<string, number>;
}): Router {
  const router = express.Router();
  router.put('/faults', (req, res) => {
    const fault = parseFault(requireObject(req.body), deps.providerNames);
    deps.faults.set(fault);
    res.json({ fault });
  });
  router.get('/faults', (_req, res) => {
    res.json({ faults: deps.faults.list() });
  });
  router.delete('/faults', (req, res) => {
    const provider = typeof req.query.provider === 'string' ? req.query.provider : undefined;
    deps.faults.clear(provider);
    res.json({ faults: deps.faults.list() });
  });
  router.get('/calls', (_req, res) => {
    res.json({
      calls: Object.fromEntries(deps.providerNames.map((name) => [name, deps.calls.get(name) ?? 0])),
    });
  });
  return router;
}
