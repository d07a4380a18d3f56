import express, { type Router } from 'express';
import { stringListField, type BreakerRegistry, type Fields } from '../../../instrumentation/index.js';
import type { CatalogTarget } from '../config.js';
import { checkAll } from '../domain/catalog.js';
import { summarize } from '../domain/health.js';

export function serviceRoutes(deps: {
  breakers: BreakerRegistry;
  targets: readonly CatalogTarget[];
}): Router {
  const names = deps.targets.map((t) => t.name);
  const router = express.Router();
  /** `?service=a,b` narrows the catalogue to those services. */
  router.get('/api/v1/meta/services', async (req, res) => {
    const wanted = stringListField(req.query as Fields, 'service', names);
    const targets = wanted ? deps.targets.filter((t) => wanted.includes(t.name)) : deps.targets;
    const services = await checkAll(deps.breakers, targets);
    res.json({
      checkedAt: new Date().toISOString(),
      summary: summarize(services.map((s) => s.health)),
      services,
    });
  });
  return router;
}
