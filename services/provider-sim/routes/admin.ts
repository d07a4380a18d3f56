import express, { type Router } from 'express';
import { badRequest, numberField, requiredString, requireObject } from '../../../instrumentation/index.js';
import type { FaultTable } from '../domain/faults.js';

/** Fault injection and call counts: the knobs a demo (or a test) turns to break a provider. */
export function adminRoutes(deps: {
  faults: FaultTable;
  providerNames: string[];
  calls: Map<string, number>;
}): Router {
  const router = express.Router();
  router.put('/admin/faults', (req, res) => {
    const body = requireObject(req.body);
    const provider = requiredString(body, 'provider');
    if (!deps.providerNames.includes(provider)) {
      throw badRequest(`provider must be one of ${deps.providerNames.join(', ')}`, { field: 'provider' });
    }
    const fault = {
      provider,
      errorRate: numberField(body, 'errorRate', { min: 0, max: 1, fallback: 1 })!,
      latencyMs: numberField(body, 'latencyMs', { min: 0, max: 60_000, integer: true, fallback: 0 })!,
      status: numberField(body, 'status', { min: 400, max: 599, integer: true, fallback: 503 })!,
    };
    deps.faults.set(fault);
    res.json({ fault });
  });
  router.get('/admin/faults', (_req, res) => {
    res.json({ faults: deps.faults.list() });
  });
  router.delete('/admin/faults', (req, res) => {
    const provider = typeof req.query.provider === 'string' ? req.query.provider : undefined;
    deps.faults.clear(provider);
    res.json({ faults: deps.faults.list() });
  });
  router.get('/admin/calls', (_req, res) => {
    res.json({
      calls: Object.fromEntries(deps.providerNames.map((name) => [name, deps.calls.get(name) ?? 0])),
    });
  });
  return router;
}
