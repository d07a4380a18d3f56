import express, { type RequestHandler, type Router } from 'express';
import type { BreakerRegistry } from '../../../instrumentation/index.js';
import { proxy } from '../domain/proxy.js';
import type { Upstream } from '../domain/upstreams.js';

/** Routes each upstream's prefixes through that upstream's breaker. */
export function gatewayRoutes(deps: { upstreams: Upstream[]; breakers: BreakerRegistry }): Router {
  const router = express.Router();
  for (const upstream of deps.upstreams) {
    const breaker = deps.breakers.getOrCreate(`upstream:${upstream.name}`);
    for (const prefix of upstream.prefixes) {
      // Express 5 path syntax: the prefix itself and everything below it.
      const forward: RequestHandler = async (req, res) => {
        await proxy(req, res, breaker, upstream.url);
      };
      // Two routes rather than one array route, so http.route (and the span name) reads as one path.
      router.all(prefix, forward);
      router.all(`${prefix}/*rest`, forward);
    }
  }
  return router;
}
